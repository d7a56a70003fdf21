/**
 * Benchmark of the download-client charms (issue 6, "Measure"), packed and run as processes on
 * the embedded engine with the REAL qbittorrent-nox and sabnzbdplus under its Pebble:
 *  1. start-to-ready of each app under our Pebble server: `start` of the service (Pebble API) to
 *     the first HTTP answer, on a fresh profile holding only the charm's seeded config (cold)
 *     and on the profile the app already wrote (warm);
 *  2. a rotation: each charm related to MANAGERS in-process media managers that use the
 *     credential against the real app; the clock past the monthly interval, then the hooks and
 *     the wall time from the start of `secret-rotate` to the last manager having read the new
 *     credential and had it accepted by the real app; ROTATIONS rounds per charm. For SABnzbd,
 *     also how long a manager still holding the previous key is refused (SABnzbd takes one key);
 *  3. a hook with nothing to do (config-changed after an agent restart) of each charm: hook wall
 *     time and hook-tool processes.
 * A benchmark, not a test: it reports, and fails only when a rotation does not converge.
 *
 *   node scripts/run-ts.mjs scripts/bench/downloader-bench.ts
 *   STARTS=10 ROTATIONS=10 MANAGERS=4 node scripts/run-ts.mjs scripts/bench/downloader-bench.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  consumerViews,
  DOWNLOAD_CONSUMER_YAML,
  downloadConsumerCharm,
  requestLoop,
} from "@charmarr/app-charm/testing";
import { ROOT } from "@charmarr/build/charm-dirs";
import { packCharm } from "@charmarr/build/pack";
import { PebbleClient } from "@charmarr/pebble";
import { type TestModel, testModel } from "@charmarr/testing";
import { SabnzbdClient } from "@charmarr/workloads";

const STARTS = Number(process.env.STARTS ?? 5);
const ROTATIONS = Number(process.env.ROTATIONS ?? 5);
const MANAGERS = Number(process.env.MANAGERS ?? 2);
const DAY = 24 * 60 * 60_000;
const YEAR = 365 * DAY;

type Charm = "qbittorrent" | "sabnzbd";
type HookRecord = TestModel["hookLog"][number];

const out = join(ROOT, ".bench");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(out, "downloader-"));

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  const round = (x: number) => +x.toFixed(1);
  return { n: s.length, median: round(median), min: round(s[0]!), max: round(s.at(-1)!) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The app's own files: what must go for a cold start, what the charm seeded and stays. */
const APP: Record<
  Charm,
  { config: string; fresh: string[]; ready: string; secret: string; content: (m: TestModel) => string }
> = {
  qbittorrent: {
    config: "/config/qBittorrent/config/qBittorrent.conf",
    fresh: ["/config/qBittorrent/data", "/config/qBittorrent/config/categories.json"],
    ready: "/",
    secret: "credentials",
    content: (m) => m.secret("credentials", { owner: "qbittorrent" })!.content().password!,
  },
  sabnzbd: {
    config: "/config/sabnzbd.ini",
    fresh: ["/config/admin", "/config/logs", "/config/sabnzbd.ini.bak"],
    ready: "/api?mode=version&output=json",
    secret: "api-key",
    content: (m) => m.secret("api-key", { owner: "sabnzbd" })!.content()["api-key"]!,
  },
};

async function untilAnswers(url: string, deadlineMs = 60_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer`);
      await sleep(5);
    }
  }
}

async function model(charm: Charm, file: string) {
  // No update-status in the measured rounds: the clock jumps a month at a time.
  const m = await testModel({ updateStatusIntervalMs: 10 * YEAR, maxHooksPerSettle: 5_000 });
  const config = charm === "qbittorrent" ? { "peer-discovery": false, "kill-switch": false } : {};
  m.deploy(charm, { charmFile: file, config });
  const unit = `${charm}/0`;
  const { address } = m.model.unit(unit);
  const credentialFiles =
    charm === "qbittorrent"
      ? [APP.qbittorrent.config, "/config/qBittorrent/config/qBittorrent_new.conf"]
      : [APP.sabnzbd.config, "/config/sabnzbd.ini.bak"];
  for (const path of credentialFiles) m.declareCredentialFile(unit, charm, path);
  const managers: string[] = [];
  for (let i = 0; i < MANAGERS; i++) {
    const name = `${i % 2 ? "sonarr" : "radarr"}-${String.fromCharCode(97 + i)}`; // radarr-a, sonarr-b ...
    m.deploy(name, {
      charm: downloadConsumerCharm,
      metadata: DOWNLOAD_CONSUMER_YAML,
      config: { manager: i % 2 ? "sonarr" : "radarr" },
    });
    m.integrate(`${name}:download-client`, `${charm}:download-client`);
    managers.push(`${name}/0`);
  }
  const started = performance.now();
  await m.settle();
  const deployMs = performance.now() - started;
  return { m, unit, url: `http://${address}:8080`, managers, deployMs };
}

async function startToReady(charm: Charm, m: TestModel, unit: string, url: string) {
  const pod = m.agents.pods().get(unit)!;
  const socket = `${pod.containerSocketDirs[charm]}/pebble.socket`;
  const ready = `${url}${APP[charm].ready}`;
  // A client per step: an idle keep-alive connection may be gone after the pauses below.
  const withPebble = async <T>(fn: (pebble: PebbleClient) => Promise<T>): Promise<T> => {
    const pebble = new PebbleClient(socket);
    try {
      return await fn(pebble);
    } finally {
      pebble.close();
    }
  };
  // From the start request to the first HTTP answer; Pebble's own change completes later (it
  // waits 1 s to call a service started), so it is awaited only afterwards.
  const time = () =>
    withPebble(async (pebble) => {
      const t0 = performance.now();
      const started = pebble.startServices([charm]);
      await untilAnswers(ready);
      const ms = performance.now() - t0;
      await started;
      return ms;
    });
  const stop = () => withPebble((pebble) => pebble.stopServices([charm]));
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    await stop();
    await withPebble(async (pebble) => {
      for (const path of APP[charm].fresh)
        await pebble.removePath(path, { recursive: true }).catch(() => undefined);
    });
    cold.push(await time());
    await sleep(6_000); // let the app write its first files (qBittorrent saves 5 s after start)
    await stop();
    warm.push(await time());
  }
  return { coldMs: stats(cold), warmMs: stats(warm) };
}

async function rotations(charm: Charm, m: TestModel, unit: string, url: string, managers: string[]) {
  const rounds: {
    hooks: number;
    untilLastManagerMs: number;
    roundMs: number;
    rotateHookMs: number;
    refusedMs?: number;
  }[] = [];
  for (let i = 0; i < ROTATIONS; i++) {
    const before = m.hookLog.length;
    const previous = APP[charm].content(m);
    // A manager calling the app every 10 ms with the credential it holds at that moment.
    const loop =
      charm === "sabnzbd"
        ? requestLoop(async () => {
            const key = consumerViews.get(managers[0]!)!.credential["api-key"]!;
            return (await new SabnzbdClient({ url, apiKey: key, retries: 0 }).acceptsKey())
              ? undefined
              : "refused";
          }, 10)
        : undefined;
    m.advance(32 * DAY);
    const t0 = Date.now();
    await m.settle();
    const roundMs = Date.now() - t0;
    const result = await loop?.stop();
    const latest = APP[charm].content(m);
    if (latest === previous) throw new Error(`${charm}: no rotation in round ${i + 1}`);
    const views = managers.map((u) => consumerViews.get(u)!);
    const secretKey = charm === "qbittorrent" ? "password" : "api-key";
    if (!views.every((v) => v.accepted && v.credential[secretKey] === latest)) {
      throw new Error(`${charm}: a manager did not follow in round ${i + 1}`);
    }
    const round = m.hookLog.slice(before);
    if (round.some((h) => h.result !== "ok")) throw new Error(`${charm}: a hook failed in round ${i + 1}`);
    const rotate = round.findIndex((h) => h.unit === unit && h.hook === "secret-rotate");
    const lastFollow = round.findLastIndex((h) => managers.includes(h.unit) && h.hook === "secret-changed");
    const hooks = round.slice(rotate, lastFollow + 1);
    rounds.push({
      hooks: hooks.length,
      untilLastManagerMs: Math.max(...views.map((v) => v.seenAt)) - t0,
      roundMs,
      rotateHookMs: round[rotate]!.durationMs,
      ...(result
        ? { refusedMs: result.failures.length ? result.failures.at(-1)!.at - result.failures[0]!.at : 0 }
        : {}),
    });
  }
  return {
    hooksRotateToLastManager: stats(rounds.map((r) => r.hooks)),
    wallRotateToLastManagerMs: stats(rounds.map((r) => r.untilLastManagerMs)),
    rotateHookMs: stats(rounds.map((r) => r.rotateHookMs)),
    wholeRoundMs: stats(rounds.map((r) => r.roundMs)),
    ...(charm === "sabnzbd" ? { previousKeyRefusedForMs: stats(rounds.map((r) => r.refusedMs ?? 0)) } : {}),
  };
}

/** Hooks with nothing to do: an agent restart re-runs config-changed. */
async function steadyState(m: TestModel, unit: string) {
  const idle: HookRecord[] = [];
  for (let i = 0; i < 10; i++) {
    const before = m.hookLog.length;
    m.restartAgent(unit);
    await m.settle();
    idle.push(...m.hookLog.slice(before).filter((h) => h.unit === unit && h.hook === "config-changed"));
  }
  return {
    idleHookMs: stats(idle.map((h) => h.durationMs)),
    idleToolProcesses: stats(idle.map((h) => h.toolCalls.length)),
    idleTools: idle[0]?.toolCalls.map((c) => c.tool) ?? [],
  };
}

const results: Record<string, unknown> = { startsPerApp: STARTS, rotations: ROTATIONS, managers: MANAGERS };
try {
  for (const charm of ["qbittorrent", "sabnzbd"] as const) {
    const packed = await packCharm(join(ROOT, "charms", charm), join(work, charm));
    const { m, unit, url, managers, deployMs } = await model(charm, packed.path);
    try {
      const steady = await steadyState(m, unit);
      const rotation = await rotations(charm, m, unit, url, managers);
      const start = await startToReady(charm, m, unit, url);
      results[charm] = {
        bundleBytes: packed.bundleBytes,
        deployToActiveMs: +deployMs.toFixed(0),
        start,
        rotation,
        steady,
      };
      console.log(charm, JSON.stringify(results[charm], null, 2));
    } finally {
      await m.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(out, "downloader-bench.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written ${join(out, "downloader-bench.json")}`);
