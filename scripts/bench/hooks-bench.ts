/**
 * Side-by-side benchmark of our hooks against a Python `ops` charm (issue 16): the same hooks,
 * timed as whole processes, interleaved, in one run, so that only ratios measured together count.
 *
 *  1. Fake tools (the charm without a workload): the packed example charm's `config-changed` and
 *     the ops anchor charm's (`$OPS_ANCHOR`, default /work/shared/bench/ops-anchor), each run as
 *     Juju runs it (bare environment, cwd = charm dir) with small fake hook tools, alternately,
 *     RUNS times: wall time, peak RSS (GNU time), hook-tool processes; `node -e 0` and
 *     `python3 -c pass` in the same loop.
 *  2. In the engine (the workload charms): the ops anchor deployed as a charm directory (ops in
 *     its venv/, as charmcraft lays it out) in the same model as the packed example and the whole
 *     stack (every charm: Prowlarr, Radarr, Sonarr, qBittorrent and SABnzbd (the real apps),
 *     Plex, Gluetun, the shared storage, related as bundle.yaml relates them), each at steady
 *     state; then ENGINE_RUNS rounds of `update-status` (the clock 5 minutes on) and
 *     `config-changed` (an agent restart), every unit in the same round; plus SECRET_RUNS
 *     rotations of Prowlarr's key for Radarr's `secret-changed` (the consumer's hook; the ops
 *     anchor has no secret to consume). Hook wall time is the engine's HookRecord duration.
 *     Then the stack figures (deploy to active; every owned secret rotated at once, to
 *     quiescence) and one round under GNU time for each unit's peak RSS.
 *
 * Set-up: the ops source is never in this repository. Extract canonical/operator tag 2.20.0
 * (see the anchor's README) and point OPS_SRC at it:
 *
 *   OPS_SRC=/tmp/ops-2.20 flock /tmp/charmarr-integration.lock npm run bench:hooks
 *   RUNS=40 ENGINE_RUNS=20 SECRET_RUNS=5 PARTS=fake,engine ...
 *
 * Writes .bench/hooks-bench.json. A benchmark, not a test: it asserts nothing.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "@charmarr/build/charm-dirs";
import { packCharm } from "@charmarr/build/pack";
import { addGluetun, SECRET_FILES } from "@charmarr/gluetun-charm/testing";
import { relateToSharedStorage } from "@charmarr/media-storage-charm/testing";
import {
  deployClaimedPlex,
  PREFERENCES,
  plexTvCertificateAuthority,
  servePlexTv,
} from "@charmarr/plex-charm/testing";
import { registerStandIns } from "@charmarr/stand-ins";
import { type TestModel, testModel } from "@charmarr/testing";
import { packedExample } from "./packed-example";

const RUNS = Number(process.env.RUNS ?? 30);
const ENGINE_RUNS = Number(process.env.ENGINE_RUNS ?? 15);
const SECRET_RUNS = Number(process.env.SECRET_RUNS ?? 5);
const PARTS = (process.env.PARTS ?? "fake,engine").split(",");
const OPS_SRC = process.env.OPS_SRC;
const ANCHOR = process.env.OPS_ANCHOR ?? "/work/shared/bench/ops-anchor";
if (!OPS_SRC || !existsSync(join(OPS_SRC, "ops/__init__.py"))) {
  throw new Error(
    "set OPS_SRC to an extracted canonical/operator 2.20.0 tree (see /work/shared/bench/ops-anchor/README.md)",
  );
}

const out = join(ROOT, ".bench");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(out, "hooks-"));
const load = () => loadavg().map((x) => +x.toFixed(2));

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => {
    const i = (s.length - 1) * p;
    return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
  };
  const r = (x: number) => +x.toFixed(1);
  return {
    n: s.length,
    median: r(q(0.5)),
    p25: r(q(0.25)),
    p75: r(q(0.75)),
    min: r(s[0]!),
    max: r(s.at(-1)!),
  };
}
const ratio = (a: { median: number }, b: { median: number }) => +(a.median / b.median).toFixed(2);

/** The anchor charm laid out as charmcraft packs it: ops in venv/, dispatch without OPS_SRC. */
function anchorCharmDir(dir: string): string {
  cpSync(join(ANCHOR, "charm"), dir, { recursive: true });
  rmSync(join(dir, ".unit-state.db"), { force: true });
  cpSync(join(OPS_SRC!, "ops"), join(dir, "venv/ops"), { recursive: true });
  writeFileSync(
    join(dir, "dispatch"),
    `#!/bin/sh\nJUJU_DISPATCH_PATH="\${JUJU_DISPATCH_PATH:-$0}" PYTHONPATH=lib:venv exec python3 ./src/charm.py\n`,
    { mode: 0o755 },
  );
  return dir;
}

// ---- 1. fake tools ---------------------------------------------------------------------------

interface Sample {
  ms: number;
  rssKiB: number;
  /** User + system CPU of the process and its children (GNU time: 10 ms steps; compare means). */
  cpuMs: number;
}

/** One whole-process run under GNU time: wall (ours, around it) and peak RSS. */
function run(argv: string[], opts: { cwd: string; env?: Record<string, string> }): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M %U %S", ...argv], { ...opts, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stdout}${r.stderr}`);
  const [rss, user, sys] = (r.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
  return { ms, rssKiB: rss ?? Number.NaN, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000 };
}

async function fakeTools() {
  const { charmDir, bundleBytes, tools, env } = await packedExample(join(work, "example"));
  const anchorDir = anchorCharmDir(join(work, "ops-anchor"));
  const state = join(work, "ops-state");
  const anchorEnv = { ...process.env, BENCH_STATE: state, FAKE_TOOL_LOG: join(state, "calls.log") } as Record<
    string,
    string
  >;
  const node = join(charmDir, "node/bin/node");
  const cases: Record<string, () => Sample> = {
    "example config-changed": () =>
      run(["env", "-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), join(charmDir, "dispatch")], {
        cwd: charmDir,
      }),
    "ops config-changed": () =>
      run([join(ANCHOR, "env.sh"), anchorDir, "./dispatch"], { cwd: anchorDir, env: anchorEnv }),
    "node -e 0": () => run(["env", "-i", node, "-e", "0"], { cwd: charmDir }),
    "python3 -c pass": () => run(["env", "-i", "/usr/bin/python3", "-c", "pass"], { cwd: charmDir }),
  };
  // Warm-up (page cache, pycache), and the hook-tool processes of one run each.
  for (const c of Object.values(cases)) for (let i = 0; i < 3; i++) c();
  rmSync(join(state, "calls.log"), { force: true });
  const before = tools.calls().length;
  cases["example config-changed"]!();
  cases["ops config-changed"]!();
  const ours = tools
    .calls()
    .slice(before)
    .map((c) => c.tool);
  const theirs = readFileSync(join(state, "calls.log"), "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" ")[0]!);
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const loadBefore = load();
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, in an order that changes each round.
    const names = Object.keys(cases);
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]!;
      samples[name]!.push(cases[name]!());
    }
  }
  const result = Object.fromEntries(
    Object.entries(samples).map(([k, xs]) => [
      k,
      {
        wallMs: stats(xs.map((x) => x.ms)),
        cpuMsMean: +(xs.reduce((a, x) => a + x.cpuMs, 0) / xs.length).toFixed(1),
        peakRssMiB: stats(xs.map((x) => x.rssKiB / 1024)),
      },
    ]),
  );
  tools.cleanup();
  return {
    runs: RUNS,
    load: { before: loadBefore, after: load() },
    results: result,
    hookToolProcesses: { example: ours.length, ops: theirs.length },
    hookTools: { example: ours, ops: theirs },
    exampleBundleKiB: +(bundleBytes / 1024).toFixed(1),
    ratio: {
      wall: ratio(result["example config-changed"]!.wallMs, result["ops config-changed"]!.wallMs),
      peakRss: ratio(result["example config-changed"]!.peakRssMiB, result["ops config-changed"]!.peakRssMiB),
      cpu: +(result["example config-changed"]!.cpuMsMean / result["ops config-changed"]!.cpuMsMean).toFixed(
        2,
      ),
      wallNetOfRuntime: +(
        (result["example config-changed"]!.wallMs.median - result["node -e 0"]!.wallMs.median) /
        (result["ops config-changed"]!.wallMs.median - result["python3 -c pass"]!.wallMs.median)
      ).toFixed(2),
    },
  };
}

// ---- 2. in the engine ------------------------------------------------------------------------

type HookRecord = TestModel["hookLog"][number];

/** Every charm of the stack, packed; the ops anchor and the example beside them. */
const CHARMS = {
  example: "libs/charm/example",
  prowlarr: "charms/prowlarr",
  radarr: "charms/radarr",
  sonarr: "charms/sonarr",
  qbittorrent: "charms/qbittorrent",
  sabnzbd: "charms/sabnzbd",
  plex: "charms/plex",
  gluetun: "charms/gluetun",
  storage: "charms/media-storage",
} as const;

/** Files that hold an app's credential by design (mode 0600), declared to the leak scanner. */
const CREDENTIAL_FILES: Record<string, string[]> = {
  prowlarr: ["/config/config.xml", "/config/prowlarr.db"],
  radarr: ["/config/config.xml", "/config/radarr.db"],
  sonarr: ["/config/config.xml", "/config/sonarr.db"],
  qbittorrent: [
    "/config/qBittorrent/config/qBittorrent.conf",
    "/config/qBittorrent/config/qBittorrent_new.conf",
  ],
  sabnzbd: ["/config/sabnzbd.ini", "/config/sabnzbd.ini.bak"],
  plex: [PREFERENCES],
  gluetun: SECRET_FILES,
};

/** The apps that own a secret and rotate it with their rotate-credentials action. */
const OWNERS = ["prowlarr", "radarr", "sonarr", "qbittorrent", "sabnzbd", "gluetun"];

/**
 * The whole stack as bundle.yaml relates it (Gluetun on its own: a VPN route would send
 * qBittorrent's traffic to a tunnel the stand-in does not carry), the anchor and the example beside it.
 */
async function deployStack(m: TestModel, packed: Record<keyof typeof CHARMS, string>, anchorDir: string) {
  // The shared media volume, as @charmarr/media-storage-charm/testing deploys it (a bundled
  // script cannot import its pack helper: it finds its charm from its own path).
  const hostDir = m.kube.cluster.hostPathDir("/srv/media");
  mkdirSync(hostDir, { recursive: true, mode: 0o775 });
  chownSync(hostDir, 1000, 1000);
  m.deploy("storage", {
    charmFile: packed.storage,
    trust: true,
    config: { backend: "hostpath", hostpath: "/srv/media", puid: 1000, pgid: 1000 },
  });
  m.deploy("ops-anchor", { charmDir: anchorDir, resources: { "app-image": "ghcr.io/juju/charm-base" } });
  m.deploy("hello", { charmFile: packed.example });
  for (const app of ["prowlarr", "radarr", "sonarr", "sabnzbd"] as const)
    m.deploy(app, { charmFile: packed[app] });
  m.deploy("qbittorrent", {
    charmFile: packed.qbittorrent,
    config: { "peer-discovery": false, "kill-switch": false },
  });
  // Claimed, as in a stack that runs: plex.tv's stand-in behind the model's proxy.
  const plexTv = await servePlexTv(m);
  deployClaimedPlex({ m, plexTv: plexTv.plexTv }, packed.plex);
  addGluetun(m, { file: packed.gluetun, close: () => undefined });
  for (const [app, files] of Object.entries(CREDENTIAL_FILES)) {
    for (const path of files)
      if (app !== "plex" && app !== "gluetun") m.declareCredentialFile(`${app}/0`, app, path);
  }
  for (const app of ["radarr", "sonarr", "qbittorrent", "sabnzbd"]) relateToSharedStorage(m, app);
  for (const manager of ["radarr", "sonarr"]) {
    m.integrate(`${manager}:media-indexer`, "prowlarr:media-indexer");
    m.integrate(`${manager}:media-manager`, "plex:media-manager");
  }
  m.integrate("radarr:download-client", "qbittorrent:download-client");
  m.integrate("sonarr:download-client", "sabnzbd:download-client");
  return { close: () => Promise.all([plexTv.proxy.close(), plexTv.plexTv.close()]) };
}

/** Peak RSS of each unit's hooks: its dispatch run once under GNU time (hook wall times are not taken from these runs). */
async function peakRss(m: TestModel, modelDir: string, units: string[]) {
  // Where a sandboxed hook can write: /tmp.
  const dir = mkdtempSync(join(tmpdir(), "hooks-rss-"));
  chmodSync(dir, 0o1777);
  const dispatches = spawnSync("find", [modelDir, "-name", "dispatch", "-type", "f"], { encoding: "utf8" })
    .stdout.trim()
    .split("\n")
    .filter(Boolean);
  const original = new Map(dispatches.map((f) => [f, readFileSync(f, "utf8")]));
  const wrap = `exec /usr/bin/time -f %M -o "${dir}/$(echo "$JUJU_UNIT_NAME" | tr / -).$JUJU_HOOK_NAME"`;
  for (const [f, text] of original) {
    // Both dispatch shapes: ours execs node, the anchor's execs python3.
    writeFileSync(f, text.replace(/^exec /m, `${wrap} `).replace(/ exec python3/, ` ${wrap} python3`));
  }
  try {
    m.advance(5 * 60_000);
    await m.settle();
    for (const unit of units) m.restartAgent(unit);
    await m.settle();
  } finally {
    for (const [f, text] of original) writeFileSync(f, text);
  }
  const sizes = readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")] as const);
  rmSync(dir, { recursive: true, force: true });
  const result: Record<string, Record<string, number>> = {};
  for (const [name, text] of sizes) {
    const [unit = "", hook = ""] = name.split(".");
    const kib = Number(text.trim().split("\n").pop());
    const key = unit.replace(/-(\d+)$/, "/$1");
    result[key] = { ...result[key], [hook]: +(kib / 1024).toFixed(1) };
  }
  return result;
}

async function engine() {
  const unregister = registerStandIns();
  const packed = {} as Record<keyof typeof CHARMS, string>;
  for (const [name, dir] of Object.entries(CHARMS) as [keyof typeof CHARMS, string][]) {
    packed[name] = (await packCharm(join(ROOT, dir), join(work, `packed-${name}`))).path;
  }
  const anchorDir = anchorCharmDir(join(work, "ops-anchor-engine"));
  // The model's directory (the RSS round rewrites its units' dispatch): the one testModel adds.
  const models = () => new Set(readdirSync(tmpdir()).filter((d) => d.startsWith("tm-")));
  const existing = models();
  const m = await testModel({
    kubernetes: true,
    maxHooksPerSettle: 5_000,
    trustedCertificates: plexTvCertificateAuthority().cert,
  });
  const added = [...models()].filter((d) => !existing.has(d));
  if (added.length !== 1) throw new Error(`cannot tell the model's directory among ${added.join(", ")}`);
  const modelDir = join(tmpdir(), added[0]!);
  let stack: Awaited<ReturnType<typeof deployStack>> | undefined;
  try {
    stack = await deployStack(m, packed, anchorDir);
    const t0 = performance.now();
    await m.settle();
    const deployMs = performance.now() - t0;
    const deployHooks = m.hookLog.length;
    // A second round so every charm has seen its steady state once (registrations done).
    m.advance(5 * 60_000);
    await m.settle();
    const units = [
      "ops-anchor/0",
      "hello/0",
      ...Object.keys(CREDENTIAL_FILES).map((a) => `${a}/0`),
      "storage/0",
    ];
    const statuses = Object.fromEntries(units.map((u) => [u, m.unitStatus(u)]));
    const loadBefore = load();
    const log: Record<string, Record<string, HookRecord[]>> = {};
    const keep = (hooks: HookRecord[], hook: string) => {
      for (const h of hooks) {
        if (h.hook !== hook || !units.includes(h.unit)) continue;
        const byHook = log[h.unit] ?? {};
        log[h.unit] = byHook;
        byHook[hook] = [...(byHook[hook] ?? []), h];
      }
    };
    for (let i = 0; i < ENGINE_RUNS; i++) {
      m.advance(5 * 60_000);
      keep(await m.settle(), "update-status");
      // Agent restarts in an order that changes each round.
      for (let j = 0; j < units.length; j++) m.restartAgent(units[(i + j) % units.length]!);
      keep(await m.settle(), "config-changed");
    }
    for (let i = 0; i < SECRET_RUNS; i++) {
      // Queued, not runAction: the consumers' secret-changed runs in this very settle.
      m.agents.queueAction("prowlarr/0", "rotate-credentials", {});
      keep(await m.settle(), "secret-changed");
      m.advance(5 * 60_000);
      await m.settle();
    }
    // Every owned secret rotated at once; the time until no hook is left to run.
    const before = m.hookLog.length;
    const r0 = performance.now();
    for (const app of OWNERS) m.agents.queueAction(`${app}/0`, "rotate-credentials", {});
    await m.settle();
    const rotation = {
      quiescenceMs: Math.round(performance.now() - r0),
      hooks: m.hookLog.length - before,
      failed: m.hookLog
        .slice(before)
        .filter((h) => h.result !== "ok")
        .map((h) => `${h.unit} ${h.hook}`),
      notActive: units.filter((u) => m.unitStatus(u).status !== "active"),
    };
    const rss = await peakRss(m, modelDir, units);
    // Where a hook's time goes, from the tool server's clock (each call's arrival and answer).
    const phases = (hooks: HookRecord[]) => {
      const timed = hooks.filter(
        (h) => h.toolCalls.length > 0 && h.toolCalls.every((c) => c.atMs !== undefined),
      );
      const first = (h: HookRecord) => h.toolCalls[0]!.atMs!;
      const lastAnswer = (h: HookRecord) => Math.max(...h.toolCalls.map((c) => c.atMs! + c.ms!));
      const inTools = (h: HookRecord) => h.toolCalls.reduce((sum, c) => sum + c.ms!, 0);
      return {
        // Process start to the first call: the runtime's start, the bundle, the charm's first steps.
        toFirstTool: stats(timed.map(first)),
        // The agent answering the calls.
        inTools: stats(timed.map(inTools)),
        // Between the first call and the last answer, outside the calls: the charm's own code,
        // Pebble and the app's API, and the tool client's own start for each call.
        betweenTools: stats(timed.map((h) => lastAnswer(h) - first(h) - inTools(h))),
        // After the last answer: what the hook still does, and the process's exit.
        afterLastTool: stats(timed.map((h) => h.durationMs - lastAnswer(h))),
      };
    };
    const profile = (hooks: HookRecord[]) => {
      const ok = hooks.filter((h) => h.result === "ok");
      const last = ok.at(-1);
      return {
        wallMs: stats(ok.map((h) => h.durationMs)),
        failed: hooks.length - ok.length,
        hookToolProcesses: stats(ok.map((h) => h.toolCalls.length)),
        phasesMs: phases(ok),
        // Each call with its arguments (IDs, keys, file paths: never a secret value).
        hookTools: last?.toolCalls.map((c) => [c.tool, ...c.args].join(" ")) ?? [],
      };
    };
    const perUnit = Object.fromEntries(
      Object.entries(log).map(([unit, byHook]) => [
        unit,
        Object.fromEntries(Object.entries(byHook).map(([hook, hooks]) => [hook, profile(hooks)])),
      ]),
    );
    type P = ReturnType<typeof profile>;
    const ops = perUnit["ops-anchor/0"] as Record<string, P> | undefined;
    const ratios: Record<string, Record<string, number>> = {};
    for (const [unit, byHook] of Object.entries(perUnit)) {
      if (unit === "ops-anchor/0" || !ops) continue;
      for (const [hook, p] of Object.entries(byHook as Record<string, P>)) {
        const anchor = ops[hook];
        if (anchor) ratios[unit] = { ...ratios[unit], [hook]: ratio(p.wallMs, anchor.wallMs) };
      }
    }
    return {
      rounds: ENGINE_RUNS,
      secretRounds: SECRET_RUNS,
      load: { before: loadBefore, after: load() },
      stack: {
        deployToActiveMs: Math.round(deployMs),
        deployHooks,
        rotationOfEveryOwnedSecret: rotation,
        note: "engine: ManualClock, hooks one at a time, the real qbittorrent-nox and sabnzbdplus",
      },
      peakRssMiB: rss,
      statuses,
      failedHooks: m.hookLog.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook}`),
      perUnit,
      ratioToOps: ratios,
    };
  } finally {
    await m.close();
    await stack?.close();
    unregister();
  }
}

// A run of some PARTS keeps the other parts of the last run's file (each part says when it ran).
const file = join(out, "hooks-bench.json");
const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
const results: Record<string, unknown> = {
  ...previous,
  when: new Date().toISOString(),
  machine: { cpus: (await import("node:os")).cpus().length, loadAtStart: load() },
};
if (PARTS.includes("fake")) {
  results.fakeTools = { when: new Date().toISOString(), ...(await fakeTools()) };
  console.log(JSON.stringify(results.fakeTools, null, 2));
}
if (PARTS.includes("engine")) {
  results.engine = { when: new Date().toISOString(), ...(await engine()) };
  console.log(JSON.stringify(results.engine, null, 2));
}
rmSync(work, { recursive: true, force: true });
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log("written to .bench/hooks-bench.json");
