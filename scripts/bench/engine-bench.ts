/**
 * Benchmark of the embedded engine (`testModel`), three ways:
 *  1. in-process: the example charm, N `config-changed` hooks, one change + settle() each;
 *  2. as processes: the packed example charm (`charmFile`), same loop, under the default
 *     launcher (bubblewrap where it works) and the plain one, interleaved with the packed
 *     charm's dispatch run directly with fake hook tools (as hook-bench.ts does);
 *  3. a secret rotation across a large model: owner apps (the keeper test charm of
 *     libs/secrets) and reader apps with several `token` endpoints, every owner's secret
 *     rotated at once; time to quiescence, hooks run, convergence.
 * A benchmark, not a test: it reports, and fails only when the model does not converge.
 *
 *   npm run bench:engine
 *   IN_PROCESS_RUNS=500 PROCESS_RUNS=40 OWNERS=10 READERS=40 ENDPOINTS=5 npm run bench:engine
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ROOT } from "@charmarr/build/charm-dirs";
import { defineCharm } from "@charmarr/charm";
import hello from "@charmarr/charm/example";
import { defaultLauncher, plainLauncher } from "@charmarr/engine";
import {
  fakeApp,
  fakeApps,
  readProvidedToken,
  TOKEN_OWNER_YAML,
  tokenOwnerCharm,
} from "@charmarr/secrets/testing";
import { type TestModel, testModel } from "@charmarr/testing";
import { parse } from "yaml";
import { packedExample } from "./packed-example";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const IN_PROCESS_RUNS = env("IN_PROCESS_RUNS", 500);
const PROCESS_RUNS = env("PROCESS_RUNS", 40);
const OWNERS = env("OWNERS", 10);
const READERS = env("READERS", 40);
const ENDPOINTS = env("ENDPOINTS", 5);
const DAY = 24 * 60 * 60_000;
if (ENDPOINTS > OWNERS)
  throw new Error("ENDPOINTS must not exceed OWNERS (each endpoint meets another owner)");

const out = join(ROOT, ".bench");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(out, "engine-"));

// ---- statistics ------------------------------------------------------------------------------

type Stats = { n: number; median: number; min: number; max: number; p90: number; mean: number };
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  const round = (x: number) => +x.toFixed(3);
  return {
    n: s.length,
    median: round(median),
    min: round(s[0]!),
    max: round(s.at(-1)!),
    p90: round(at(0.9)),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
  };
}
const fmt = (x: number) => {
  const a = Math.abs(x);
  return a < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(a < 10 ? 2 : 1)} ms`;
};
const row = (s: Stats) => `${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.p90)} | ${fmt(s.max)} | ${s.n}`;

const cycles = new WeakMap<TestModel, number>();
/** One config change + settle(); the wall time of the settle and the hook's own duration. */
async function configCycle(m: TestModel, app: string) {
  // repeat alternates 2, 3, 2, ... (default 1): every change is a real one.
  const n = (cycles.get(m) ?? 0) + 1;
  cycles.set(m, n);
  m.config(app, { repeat: 2 + (n % 2) });
  const t0 = performance.now();
  const ran = await m.settle();
  const wall = performance.now() - t0;
  const bad = ran.filter((h) => h.hook !== "config-changed" || h.result !== "ok");
  if (ran.length !== 1 || bad.length) {
    throw new Error(`expected one ok config-changed, got ${ran.map((h) => `${h.hook}:${h.result}`)}`);
  }
  return { wall, hook: ran[0]!.durationMs, toolCalls: ran[0]!.toolCalls.length };
}

/** Per-cycle figures of one way of running: settle() wall, the hook's own time, the rest. */
function series() {
  const wall: number[] = [];
  const hook: number[] = [];
  const tools: number[] = [];
  return {
    push(r: Awaited<ReturnType<typeof configCycle>>) {
      wall.push(r.wall);
      hook.push(r.hook);
      tools.push(r.toolCalls);
    },
    stats() {
      return {
        settleMs: stats(wall),
        hookMs: stats(hook),
        // The engine's own cost per hook: settle() wall minus the hook (incl. the leak scan).
        outsideHookMs: stats(wall.map((w, i) => w - hook[i]!)),
        toolCallsPerHook: stats(tools).median,
      };
    },
  };
}

// ---- 1. in-process ---------------------------------------------------------------------------

async function inProcess() {
  const m = await testModel();
  try {
    m.deploy("hello", { charm: hello });
    await m.settle();
    for (let i = 0; i < 20; i++) await configCycle(m, "hello"); // warm-up
    const run = series();
    for (let i = 0; i < IN_PROCESS_RUNS; i++) run.push(await configCycle(m, "hello"));
    return run.stats();
  } finally {
    await m.close();
  }
}

// ---- 2. as processes -------------------------------------------------------------------------

async function asProcesses() {
  // The same packed charm and bare environment as hook-bench.ts.
  const { charmPath: charmFile, charmDir, tools, env: directEnv } = await packedExample(work);
  const direct = () => {
    const t0 = performance.now();
    const r = spawnSync(join(charmDir, "dispatch"), [], { cwd: charmDir, env: directEnv, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`direct config-changed failed: ${r.stdout}${r.stderr}`);
    return performance.now() - t0;
  };

  const models = {
    default: await testModel(),
    plain: await testModel({ launcher: plainLauncher() }),
  };
  try {
    for (const m of Object.values(models)) {
      m.deploy("hello", { charmFile });
      await m.settle();
    }
    for (let i = 0; i < 5; i++) {
      for (const m of Object.values(models)) await configCycle(m, "hello");
      direct();
    }
    const byDefault = series();
    const byPlain = series();
    const directMs: number[] = [];
    const callsBefore = tools.calls().length;
    // Interleaved, so drift on this shared machine hits all three alike.
    for (let i = 0; i < PROCESS_RUNS; i++) {
      byDefault.push(await configCycle(models.default, "hello"));
      byPlain.push(await configCycle(models.plain, "hello"));
      directMs.push(direct());
    }
    return {
      defaultLauncher: defaultLauncher().name,
      default: byDefault.stats(),
      plain: byPlain.stats(),
      direct: { ms: stats(directMs), toolCallsPerHook: (tools.calls().length - callsBefore) / PROCESS_RUNS },
    };
  } finally {
    for (const m of Object.values(models)) await m.close();
    tools.cleanup();
  }
}

// ---- 3. secret rotation across a large model -------------------------------------------------

// Bench reader: ENDPOINTS `token-<k>` endpoints (limit 1 each), each meeting a different owner.
const READER_YAML = `
name: multi-reader
type: charm
summary: uses several tokens
description: bench charm
requires:
${Array.from({ length: ENDPOINTS }, (_, k) => `  token-${k}:\n    interface: token\n    limit: 1`).join("\n")}
`;
/** `<unit> <relation id>` → the token that unit last configured itself with on that relation. */
const uses = new Map<string, string>();
const multiReader = defineCharm({
  metadata: parse(READER_YAML),
  async reconcile(ctx) {
    const waiting: string[] = [];
    for (let k = 0; k < ENDPOINTS; k++) {
      const [relation] = await ctx.relations(`token-${k}`);
      if (!relation) continue;
      const token = await readProvidedToken(ctx, relation);
      if (!token.ok) {
        waiting.push(token.reason);
        continue;
      }
      uses.set(`${ctx.unit.name} ${relation.id}`, token.token);
    }
    if (waiting.length) ctx.status.waiting(waiting[0]!);
    else ctx.status.active();
  },
});

/** 0 → "a", 25 → "z", 26 → "ba": Juju app names need a letter in every `-` segment. */
function letters(n: number): string {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

async function rotation() {
  fakeApps.clear();
  uses.clear();
  // update-status is pushed out of the window, so the figures are the rotation's alone.
  const m = await testModel({ updateStatusIntervalMs: 365 * DAY });
  try {
    const owners = Array.from({ length: OWNERS }, (_, j) => `keeper-${letters(j)}`);
    const readers = Array.from({ length: READERS }, (_, i) => `reader-${letters(i)}`);
    // Built in steps: settle() gives up after 1000 hooks in one call, and the whole model
    // at once takes more. Owners first, then each reader with its relations.
    let setupMs = 0;
    let setupHooks = 0;
    let setupSettles = 0;
    const step = async () => {
      const t0 = performance.now();
      setupHooks += (await m.settle()).length;
      setupMs += performance.now() - t0;
      setupSettles += 1;
    };
    for (const o of owners) m.deploy(o, { charm: tokenOwnerCharm, metadata: TOKEN_OWNER_YAML });
    await step();
    // Reader i, endpoint k ↔ owner (i + k) mod OWNERS: distinct owners per reader, balanced.
    const relations: { id: number; reader: string; owner: string }[] = [];
    for (const [i, r] of readers.entries()) {
      m.deploy(r, { charm: multiReader, metadata: READER_YAML });
      for (let k = 0; k < ENDPOINTS; k++) {
        const owner = owners[(i + k) % OWNERS]!;
        relations.push({ id: m.integrate(`${r}:token-${k}`, `${owner}:token`).id, reader: r, owner });
      }
      await step();
    }
    const firstTokens = new Map(owners.map((o) => [o, m.secret("token", { owner: o })!.content().token]));

    m.hookLog.length = 0;
    m.advance(32 * DAY); // past the default monthly rotation
    const t0 = performance.now();
    const ran = await m.settle();
    const rotationMs = performance.now() - t0;

    // Convergence: every owner rotated once, its app holds the new value, every reader uses it.
    const problems: string[] = [];
    for (const o of owners) {
      const s = m.secret("token", { owner: o })!;
      const latest = s.content().token;
      if (s.latestRevision !== 2) problems.push(`${o}: revision ${s.latestRevision}`);
      if (latest === firstTokens.get(o)) problems.push(`${o}: not rotated`);
      if (fakeApp(o).credential !== latest) problems.push(`${o}: app holds an old credential`);
      if ([...s.revisions.keys()].join() !== "2") problems.push(`${o}: revisions ${[...s.revisions.keys()]}`);
    }
    for (const rel of relations) {
      const used = uses.get(`${rel.reader}/0 ${rel.id}`);
      const latest = m.secret("token", { owner: rel.owner })!.content().token;
      if (used !== latest) problems.push(`${rel.reader}/0 on relation ${rel.id} uses an old token`);
    }
    for (const a of [...owners, ...readers]) {
      const st = m.unitStatus(`${a}/0`).status;
      if (st !== "active") problems.push(`${a}/0 is ${st}`);
    }
    const byHook: Record<string, number> = {};
    for (const h of ran) byHook[h.hook] = (byHook[h.hook] ?? 0) + 1;
    const failed = ran.filter((h) => h.result !== "ok").length;
    return {
      model: {
        owners: OWNERS,
        readers: READERS,
        applications: OWNERS + READERS,
        units: OWNERS + READERS,
        relations: relations.length,
        readerEndpoints: ENDPOINTS,
        relationsPerOwner: relations.length / OWNERS,
      },
      setup: { ms: +setupMs.toFixed(1), hooks: setupHooks, settles: setupSettles },
      rotation: {
        ms: +rotationMs.toFixed(1),
        hooks: ran.length,
        failedHooks: failed,
        byHook,
        hookMs: stats(ran.map((h) => h.durationMs)),
        // Time inside hooks; the rest of the wall is the engine between hooks and the leak scan.
        inHooksMs: +ran.reduce((sum, h) => sum + h.durationMs, 0).toFixed(1),
        perHookWallMs: +(rotationMs / Math.max(1, ran.length)).toFixed(3),
      },
      converged: problems.length === 0,
      problems: problems.slice(0, 20),
    };
  } finally {
    await m.close();
  }
}

// ---- run and report --------------------------------------------------------------------------

const started = new Date().toISOString();
// The work dir (packed charm) goes whatever happens.
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const a = await inProcess();
const b = await asProcesses();
const c = await rotation();
const report = {
  started,
  machine: { cpus: cpus().length, node: process.version },
  inProcess: { runs: IN_PROCESS_RUNS, ...a },
  process: {
    runs: PROCESS_RUNS,
    defaultLauncher: b.defaultLauncher,
    [`${b.defaultLauncher}Launcher`]: b.default,
    plainLauncher: b.plain,
    directDispatchFakeTools: b.direct,
    // settle() median minus the packed charm run directly with fake (shell) hook tools.
    engineOverMedianDirectMs: {
      [b.defaultLauncher]: +(b.default.settleMs.median - b.direct.ms.median).toFixed(1),
      plain: +(b.plain.settleMs.median - b.direct.ms.median).toFixed(1),
    },
  },
  rotation: c,
};
writeFileSync(join(out, "engine-bench.json"), `${JSON.stringify(report, null, 2)}\n`);

type Run = typeof a;
const lines = (label: string, x: Run) => [
  `| ${label} | hook (runner's durationMs), ${x.toolCallsPerHook} tool calls | ${row(x.hookMs)} |`,
  `| ${label} | settle() wall | ${row(x.settleMs)} |`,
  `| ${label} | settle() − hook: engine bookkeeping + leak scan | ${row(x.outsideHookMs)} |`,
];
const r = c.rotation;
const over = report.process.engineOverMedianDirectMs;
console.log(`
engine benchmarks, ${cpus().length} CPUs, Node ${process.version}

config-changed of the example charm (1 unit), one config change + settle() each
| run | measure | median | min | p90 | max | runs |
|---|---|---|---|---|---|---|
${[
  ...lines("in-process", a),
  ...lines(`packed .charm, ${b.defaultLauncher} launcher (default)`, b.default),
  ...lines("packed .charm, plain launcher", b.plain),
  `| packed .charm dispatch alone, fake hook tools (hook-bench.ts setup), ${b.direct.toolCallsPerHook} tool calls | process wall | ${row(b.direct.ms)} |`,
].join("\n")}
engine over the packed charm alone (settle() median − direct median): ${b.defaultLauncher} ${fmt(over[b.defaultLauncher]!)}, plain ${fmt(over.plain!)}
(the engine's hook tools are a Perl socket client, the fake ones shell scripts: a negative figure means its tools are cheaper)

secret rotation: ${c.model.owners} owner apps (keeper) + ${c.model.readers} reader apps (${c.model.readerEndpoints} token endpoints each), 1 unit each, ${c.model.relations} relations (${c.model.relationsPerOwner} per owner), all in-process
| phase | wall | hooks | per hook (wall / hooks) | hook durationMs median (max) | inside hooks |
|---|---|---|---|---|---|
| deploy + integrate (${c.setup.settles} settle() calls) | ${fmt(c.setup.ms)} | ${c.setup.hooks} | ${fmt(c.setup.ms / Math.max(1, c.setup.hooks))} | – | – |
| advance 32 days, settle() | ${fmt(r.ms)} | ${r.hooks} (${r.failedHooks} failed) | ${fmt(r.perHookWallMs)} | ${fmt(r.hookMs.median)} (${fmt(r.hookMs.max)}) | ${fmt(r.inHooksMs)} (${Math.round((100 * r.inHooksMs) / r.ms)}%) |
rotation hooks: ${Object.entries(r.byHook)
  .map(([h, n]) => `${h} ${n}`)
  .join(", ")}
converged (every owner at revision 2 only, its app on it, every reader relation on it, all active): ${c.converged ? "yes" : `NO: ${c.problems.join("; ")}`}
written to .bench/engine-bench.json`);
if (!c.converged) process.exitCode = 1;
