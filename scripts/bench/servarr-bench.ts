/**
 * Benchmark of the Servarr charms (issue 5, "Measure"), packed and run as processes on the
 * embedded engine with the Radarr/Sonarr/Prowlarr stand-ins under its Pebble:
 *  1. steady state: `update-status` and `config-changed` (an agent restart re-runs it) of the
 *     packed radarr charm related to Prowlarr: hook wall time and hook-tool processes per hook;
 *  2. a stack of 1 Prowlarr and MANAGERS media managers (half Radarr, half Sonarr): deploy to
 *     all-active, then Prowlarr's rotation (rotate-credentials), then every key at once (the
 *     clock past the monthly interval): hooks run, model-clock time and wall time until every
 *     registration works again with the new keys.
 * A benchmark, not a test: it reports, and fails only when the stack does not converge.
 *
 *   npm run bench:servarr
 *   RUNS=30 MANAGERS=10 npm run bench:servarr
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "@charmarr/build/charm-dirs";
import { packCharm } from "@charmarr/build/pack";
import { registerServarrStandIns } from "@charmarr/stand-ins";
import { type TestModel, testModel } from "@charmarr/testing";
import { ProwlarrClient } from "@charmarr/workloads";

const RUNS = Number(process.env.RUNS ?? 20);
const MANAGERS = Number(process.env.MANAGERS ?? 10);
const DAY = 24 * 60 * 60_000;

const out = join(ROOT, ".bench");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(out, "servarr-"));
const unregister = registerServarrStandIns();

type HookRecord = TestModel["hookLog"][number];

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  const round = (x: number) => +x.toFixed(1);
  return { n: s.length, median: round(median), min: round(s[0]!), max: round(s.at(-1)!) };
}

function toolProfile(hooks: readonly HookRecord[]) {
  const counts = hooks.map((h) => h.toolCalls.length);
  const tools = hooks[0]?.toolCalls.map((c) => c.tool) ?? [];
  return { processes: stats(counts), tools };
}

const charms = Object.fromEntries(
  await Promise.all(
    (["prowlarr", "radarr", "sonarr"] as const).map(async (name) => {
      const packed = await packCharm(join(ROOT, "charms", name), join(work, name));
      return [name, packed] as const;
    }),
  ),
) as Record<"prowlarr" | "radarr" | "sonarr", Awaited<ReturnType<typeof packCharm>>>;

function deploy(
  m: TestModel,
  charm: keyof typeof charms,
  name: string,
  config: Record<string, unknown> = {},
) {
  m.deploy(name, { charmFile: charms[charm].path, config });
  m.declareCredentialFile(`${name}/0`, charm, "/config/config.xml");
  // The app's database holds the keys of what is registered in it, as the real apps' does.
  m.declareCredentialFile(`${name}/0`, charm, `/config/${charm}.db`);
}

const failed = (hooks: readonly HookRecord[]) => hooks.filter((h) => h.result !== "ok");

// ---- 1. steady state of the packed radarr charm ------------------------------------------------

async function steadyState() {
  const m = await testModel();
  try {
    deploy(m, "prowlarr", "prowlarr");
    deploy(m, "radarr", "radarr");
    m.integrate("radarr:media-indexer", "prowlarr:media-indexer");
    await m.settle();
    const updateStatus: HookRecord[] = [];
    const configChanged: HookRecord[] = [];
    for (let i = 0; i < RUNS; i++) {
      m.advance(5 * 60_000);
      updateStatus.push(...(await m.settle()).filter((h) => h.unit === "radarr/0"));
      m.restartAgent("radarr/0");
      configChanged.push(
        ...(await m.settle()).filter((h) => h.unit === "radarr/0" && h.hook === "config-changed"),
      );
    }
    const ok = (hooks: HookRecord[], name: string) =>
      hooks.filter((h) => h.hook === name && h.result === "ok");
    const us = ok(updateStatus, "update-status");
    const cc = ok(configChanged, "config-changed");
    return {
      updateStatus: { wallMs: stats(us.map((h) => h.durationMs)), ...toolProfile(us) },
      configChanged: { wallMs: stats(cc.map((h) => h.durationMs)), ...toolProfile(cc) },
      failed: failed(m.hookLog).length,
    };
  } finally {
    await m.close();
  }
}

// ---- 2. one Prowlarr, MANAGERS media managers --------------------------------------------------

async function registrationsWork(m: TestModel, managers: string[]): Promise<boolean> {
  const url = m.databag(0, "prowlarr")["api-url"]!;
  const key = m.secret("api-key", { owner: "prowlarr" })!.content()["api-key"]!;
  const prowlarr = new ProwlarrClient({ url, apiKey: key, retries: 0 });
  const apps = await prowlarr.applications.list();
  const res = await fetch(`${url}/api/v1/applications/testall`, {
    method: "POST",
    headers: { "x-api-key": key },
  });
  const results = (await res.json()) as { isValid: boolean }[];
  return apps.length === managers.length && results.every((r) => r.isValid);
}

async function round(m: TestModel, managers: string[], start: () => Promise<unknown>) {
  const before = m.hookLog.length;
  const t0 = Date.now();
  const clock0 = m.clock.now().getTime();
  await start();
  let settles = 0;
  while (!(await registrationsWork(m, managers))) {
    if (++settles > 5) throw new Error("the stack did not converge after 5 settles");
    m.advance(5 * 60_000);
    await m.settle();
  }
  const hooks = m.hookLog.slice(before);
  const byHook: Record<string, number> = {};
  for (const h of hooks) byHook[h.hook] = (byHook[h.hook] ?? 0) + 1;
  const first = hooks[0]?.at.getTime() ?? clock0;
  const last = hooks.at(-1)?.at.getTime() ?? clock0;
  return {
    wallMs: Date.now() - t0,
    hooks: hooks.length,
    failedHooks: failed(hooks).length,
    extraSettles: settles,
    simulatedMs: last - first,
    byHook,
  };
}

async function stack() {
  const m = await testModel({ maxHooksPerSettle: 5_000 });
  try {
    // Juju application names: a dash must be followed by a letter somewhere in its part.
    const suffix = (i: number) => String.fromCharCode(97 + (i % 26)).repeat(1 + Math.floor(i / 26));
    const managers = Array.from({ length: MANAGERS }, (_, i) =>
      i % 2 ? `sonarr-${suffix(i)}` : `radarr-${suffix(i)}`,
    );
    const t0 = Date.now();
    deploy(m, "prowlarr", "prowlarr");
    for (const name of managers) {
      deploy(m, name.startsWith("radarr") ? "radarr" : "sonarr", name);
      m.integrate(`${name}:media-indexer`, "prowlarr:media-indexer");
    }
    await m.settle();
    const deployed = {
      wallMs: Date.now() - t0,
      hooks: m.hookLog.length,
      failedHooks: failed(m.hookLog).length,
      allActive: ["prowlarr", ...managers].every((a) => m.unitStatus(`${a}/0`).status === "active"),
      registered: await registrationsWork(m, managers),
    };
    const prowlarrRotation = await round(m, managers, () => m.runAction("prowlarr/0", "rotate-credentials"));
    const everyKey = await round(m, managers, async () => {
      m.advance(31 * DAY);
      await m.settle();
    });
    const revisions = ["prowlarr", ...managers].map((a) => [
      ...(m.secret("api-key", { owner: a })?.revisions.keys() ?? []),
    ]);
    return { managers: MANAGERS, deployed, prowlarrRotation, everyKey, revisionsLeft: revisions };
  } finally {
    await m.close();
  }
}

const results = {
  when: new Date().toISOString(),
  bundleBytes: Object.fromEntries(Object.entries(charms).map(([k, v]) => [k, v.bundleBytes])),
  steadyState: await steadyState(),
  stack: await stack(),
};
unregister();
rmSync(work, { recursive: true, force: true });
writeFileSync(join(out, "servarr-bench.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
