import { createServer } from "node:net";
import type { TestModel } from "@charmarr/testing";

// What the qBittorrent and SABnzbd charm tests share: the packed charm on a loopback address of
// its own, pod files, hooks, and a request loop against the real app.

type HookRecord = TestModel["hookLog"][number];

function bindable(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, address, () => probe.close(() => resolve(true)));
  });
}

/**
 * A loopback address whose `port` is free. Every model numbers its units 127.0.1.1, 127.0.1.2 ...
 * and test files run in parallel on one network namespace, so two files running an app on 8080
 * would take the same address: each real-app unit gets a random one of its own instead.
 */
export async function freeUnitAddress(port = 8080): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const address = `127.0.${100 + Math.floor(Math.random() * 150)}.${2 + Math.floor(Math.random() * 250)}`;
    if (await bindable(address, port)) return address;
  }
  throw new Error(`no free loopback address for port ${port}`);
}

/** Deploys a packed charm with one unit on an address of its own; returns the unit's name. */
export async function deployOnOwnAddress(
  m: TestModel,
  name: string,
  charmFile: string,
  config: Record<string, unknown> = {},
): Promise<{ unit: string; address: string }> {
  m.deploy(name, { charmFile, units: 0, config });
  const address = await freeUnitAddress();
  const unit = m.model.addUnit(name, { address }).name;
  return { unit, address };
}

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
