import type { TestModel } from "@charmarr/testing";

// What the qBittorrent and SABnzbd charm tests share: pod files, hooks, and a request loop
// against the real app. (Each test model has loopback addresses of its own: see testModel.)

type HookRecord = TestModel["hookLog"][number];

/** A file in the unit's pod, as the leak scanner sees it (mode included). */
export async function podFile(m: TestModel, unit: string, container: string, path: string) {
  const files = (await m.agents.pods().get(unit)?.inspect())?.files ?? [];
  return files.find((f) => f.container === container && f.path === path);
}

export function failedHooks(hooks: readonly HookRecord[]): string[] {
  return hooks.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook} ${h.result}`);
}

export function hookNames(hooks: readonly HookRecord[]): string[] {
  return hooks.map((h) => `${h.unit} ${h.hook}`);
}

export interface LoopResult {
  ok: number;
  /** Each failure: when, and what. */
  failures: { at: number; what: string }[];
}

/**
 * Calls `request` every `intervalMs` until stopped: what a manager polling the download client
 * sees while the test drives the model. `request` resolves with undefined when the call went
 * through, or a description of what went wrong.
 */
export function requestLoop(request: () => Promise<string | undefined>, intervalMs = 25) {
  const result: LoopResult = { ok: 0, failures: [] };
  let running = true;
  const done = (async () => {
    while (running) {
      let failure: string | undefined;
      try {
        failure = await request();
      } catch (err) {
        failure = err instanceof Error ? err.message : String(err);
      }
      if (failure === undefined) result.ok++;
      else result.failures.push({ at: Date.now(), what: failure });
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop(): Promise<LoopResult> {
      running = false;
      await done;
      return result;
    },
  };
}
