/**
 * Benchmark: a steady-state `config-changed` of the packed example charm, run as a whole
 * process exactly as Juju runs it (bare env, cwd = charm dir), with fake hook tools that
 * cost what Juju's own do (a small executable each). Reports medians and spread of wall
 * time and peak RSS next to `node -e 0` of the same runtime, the hook-tool process count
 * and the bundle size. A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench                      # 40 runs each
 *   RUNS=100 npm run bench
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "@charmarr/build/charm-dirs";
import { packedExample } from "./packed-example";

const RUNS = Number(process.env.RUNS ?? 40);
const OPS_REFERENCE = { wallMs: 218, rssMiB: 27, toolCalls: 9 }; // design.md §6, measured on this machine class

const out = join(ROOT, ".bench");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(out, "hook-"));
const { charmPath, charmDir, bundleBytes, tools, env } = await packedExample(work);
const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
const dispatch = `env -i ${envArgs.join(" ")} ${join(charmDir, "dispatch")}`;
const nodeBaseline = `${join(charmDir, "node/bin/node")} -e 0`;

// One run to count hook-tool processes and make sure the hook succeeds.
const probe = spawnSync(join(charmDir, "dispatch"), [], { cwd: charmDir, env, encoding: "utf8" });
if (probe.status !== 0) throw new Error(`config-changed failed: ${probe.stdout}${probe.stderr}`);
const toolCalls = tools.calls().map((c) => c.tool);

// Wall time: hyperfine, many runs, warm-up first (the machine is shared and noisy).
const hyperfineJson = join(work, "hyperfine.json");
execFileSync(
  "hyperfine",
  [
    "-N",
    "--warmup",
    "5",
    "--runs",
    String(RUNS),
    "--export-json",
    hyperfineJson,
    "-n",
    "config-changed",
    dispatch,
    "-n",
    "node -e 0",
    nodeBaseline,
  ],
  { stdio: ["ignore", "ignore", "inherit"], cwd: charmDir },
);
type HyperfineResult = {
  command: string;
  median: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
};
const timings = (JSON.parse(readFileSync(hyperfineJson, "utf8")) as { results: HyperfineResult[] }).results;

// Peak memory: GNU time's max RSS of the whole process, median over runs.
function peakRssKiB(command: string): number[] {
  return Array.from({ length: Math.min(RUNS, 20) }, () => {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", "sh", "-c", command], {
      cwd: charmDir,
      encoding: "utf8",
    });
    return Number(r.stderr.trim().split("\n").pop());
  });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const rssHook = peakRssKiB(dispatch);
const rssNode = peakRssKiB(nodeBaseline);

const hook = timings.find((t) => t.command === "config-changed")!;
const node = timings.find((t) => t.command === "node -e 0")!;
const ms = (s: number) => (s * 1000).toFixed(1);
const report = {
  runs: RUNS,
  hook: {
    medianMs: +ms(hook.median),
    minMs: +ms(hook.min),
    maxMs: +ms(hook.max),
    stddevMs: +ms(hook.stddev),
  },
  nodeBaseline: { medianMs: +ms(node.median), minMs: +ms(node.min), maxMs: +ms(node.max) },
  peakRssMiB: {
    hook: +(median(rssHook) / 1024).toFixed(1),
    nodeBaseline: +(median(rssNode) / 1024).toFixed(1),
  },
  hookToolProcesses: toolCalls.length,
  hookTools: toolCalls,
  bundleKiB: +(bundleBytes / 1024).toFixed(1),
  charmMiB: +(statSync(charmPath).size / 1024 / 1024).toFixed(1),
  vsOps: { wallRatio: +((hook.median * 1000) / OPS_REFERENCE.wallMs).toFixed(2), reference: OPS_REFERENCE },
};
writeFileSync(join(out, "hook-bench.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`
steady-state config-changed of the packed example charm, ${RUNS} runs (hyperfine -N, 5 warm-up)
| measure | packed charm | node -e 0 (same runtime) | Python ops reference |
|---|---|---|---|
| wall time, median | ${ms(hook.median)} ms (min ${ms(hook.min)}, max ${ms(hook.max)}, sd ${ms(hook.stddev)}) | ${ms(node.median)} ms | ${OPS_REFERENCE.wallMs} ms |
| peak RSS, median | ${report.peakRssMiB.hook} MiB | ${report.peakRssMiB.nodeBaseline} MiB | ${OPS_REFERENCE.rssMiB} MiB |
| hook-tool processes | ${toolCalls.length} (${toolCalls.join(", ")}) | – | ${OPS_REFERENCE.toolCalls} |
| bundle | ${report.bundleKiB} KiB minified | – | – |
ratio to ops (wall, median): ${report.vsOps.wallRatio}× (budget ≤ 0.5×)
written to .bench/hook-bench.json`);
tools.cleanup();
rmSync(work, { recursive: true, force: true });
