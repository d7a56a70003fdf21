/**
 * Benchmark: the first HTTP request of a process, through the app clients' node:http transport
 * and through fetch (undici), against a local server. Each run is a whole process of the shipped
 * Node, bundled as a charm is (esbuild, CommonJS), the modes interleaved; `none` starts the same
 * bundle and sends nothing. A benchmark, not a test: it reports medians and asserts nothing.
 *
 *   node scripts/run-ts.mjs scripts/bench/http-first-request-bench.ts     # RUNS=10 by default
 *   NODE=/path/to/node RUNS=40 node scripts/run-ts.mjs scripts/bench/http-first-request-bench.ts
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import { ROOT } from "@charmarr/build/charm-dirs";
import { NODE_RUNTIME } from "@charmarr/build/pack";
import { build } from "esbuild";

const RUNS = Number(process.env.RUNS ?? 10);
const NODE = process.env.NODE ?? join(NODE_RUNTIME, "bin/node");
const MODES = ["none", "transport", "fetch"] as const;
type Mode = (typeof MODES)[number];

const out = join(ROOT, ".bench");
mkdirSync(out, { recursive: true });
const client = join(out, "http-first-request-client.cjs");
await build({
  stdin: {
    contents: `
      import { nodeHttpTransport } from "./libs/workloads/src/http/node-http-transport";
      const [mode, url] = process.argv.slice(2);
      (async () => {
        const start = performance.now();
        let status = 0;
        if (mode === "transport") {
          const request = { url: new URL(url), method: "GET", headers: {}, body: undefined, timeoutMs: 5000 };
          status = (await nodeHttpTransport(request)).status;
        } else if (mode === "fetch") {
          const response = await fetch(url);
          await response.text();
          status = response.status;
        }
        const ms = performance.now() - start;
        const undici = process.moduleLoadList.some((name) => name.includes("undici"));
        process.stdout.write(JSON.stringify({ ms, status, undici }));
        process.exit(0);
      })();
    `,
    resolveDir: ROOT,
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  minify: true,
  outfile: client,
  logLevel: "warning",
});

const server = createServer((_req, res) =>
  res.writeHead(200, { "content-type": "application/json" }).end("{}"),
);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3/system/status`;

interface Run {
  wallMs: number;
  requestMs: number;
  status: number;
  undici: boolean;
}

/** One whole process; asynchronous, so this process's server answers meanwhile. */
function run(mode: Mode): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(NODE, [client, mode, url], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - start;
      if (code !== 0) return reject(new Error(`${mode}: exit ${code}`));
      const { ms, status, undici } = JSON.parse(stdout) as { ms: number; status: number; undici: boolean };
      resolve({ wallMs, requestMs: ms, status, undici });
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const runs = new Map<Mode, Run[]>(MODES.map((mode) => [mode, []]));
const loadBefore = loadavg()[0];
for (const mode of MODES) await run(mode); // warm-up: the file cache
for (let round = 0; round < RUNS; round++) {
  // The order turns every round, so a noisy moment does not always hit the same mode.
  for (let i = 0; i < MODES.length; i++) {
    const mode = MODES[(i + round) % MODES.length] as Mode;
    runs.get(mode)?.push(await run(mode));
  }
}
server.close();

const node = await new Promise<string>((resolve) => {
  const child = spawn(NODE, ["--version"]);
  let version = "";
  child.stdout.on("data", (chunk: Buffer) => {
    version += chunk;
  });
  child.on("close", () => resolve(version.trim()));
});
const results = MODES.map((mode) => {
  const all = runs.get(mode) ?? [];
  return {
    mode,
    runs: all.length,
    wallMedianMs: median(all.map((r) => r.wallMs)),
    requestMedianMs: mode === "none" ? 0 : median(all.map((r) => r.requestMs)),
    statuses: [...new Set(all.map((r) => r.status))],
    undiciLoaded: all.some((r) => r.undici),
  };
});
const report = { date: new Date().toISOString(), node, load: [loadBefore, loadavg()[0]], results };
writeFileSync(join(out, "http-first-request.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`${node}, ${RUNS} runs each, load ${report.load.map((l) => l?.toFixed(2)).join(" → ")}`);
for (const r of results) {
  console.log(
    `${r.mode.padEnd(10)} first request ${r.requestMedianMs.toFixed(1).padStart(6)} ms   ` +
      `whole process ${r.wallMedianMs.toFixed(1).padStart(6)} ms   undici loaded: ${r.undiciLoaded}`,
  );
}
