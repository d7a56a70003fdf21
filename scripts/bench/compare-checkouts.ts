/**
 * Benchmark: the same steady-state hook of packed charms from two checkouts of this
 * repository, side by side in one run, interleaved (A, B, A, B...), as whole processes with
 * the same fake hook tools and the same bare environment: does a change make hooks slower?
 * A benchmark, not a test: it reports medians and ratios and asserts nothing.
 *
 *   BEFORE=/path/to/older/checkout npm run bench:compare            # 40 runs each
 *   BEFORE=... CHARMS=hello,radarr RUNS=60 npm run bench:compare
 *
 * The other checkout must be set up (npm ci, runtime) and its charms packed
 * (`npm run pack` there); this one's are packed here. `hello` runs its whole config-changed;
 * the workload charms run update-status up to "waiting for Pebble" (no workload here).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { ROOT } from "@charmarr/build/charm-dirs";
import { packCharm } from "@charmarr/build/pack";
import { unpackCharmArchive } from "@charmarr/engine/charm-archive";
import { createFakeHookTools } from "@charmarr/testing";

const BEFORE = process.env.BEFORE;
if (!BEFORE || !existsSync(join(BEFORE, "package.json"))) {
  throw new Error("set BEFORE to the other checkout (set up, with its charms packed)");
}
const RUNS = Number(process.env.RUNS ?? 40);
const CHARMS = (process.env.CHARMS ?? "hello,radarr,qbittorrent").split(",");

const DIRS: Record<string, string> = { hello: "libs/charm/example" };
const dirOf = (name: string) => DIRS[name] ?? `charms/${name}`;

const out = join(ROOT, ".bench");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(out, "compare-"));

const tools = createFakeHookTools({
  "config-get": {
    stdout:
      '{"greeting":"hello","repeat":1,"style":"plain","rotation-interval":"monthly","timezone":"Etc/UTC","url-base":"","external-auth":false,"root-folder":"/data/media/movies","download-dir":"/downloads","torrent-port":6881,"peer-discovery":false}\n',
  },
  "is-leader": { stdout: "false\n" },
  "relation-ids": { stdout: "[]\n" },
});

function env(name: string, charmDir: string): Record<string, string> {
  const hook = name === "hello" ? "config-changed" : "update-status";
  return {
    PATH: `${tools.binDir}:/usr/bin:/bin`,
    JUJU_CHARM_DIR: charmDir,
    CHARM_DIR: charmDir,
    JUJU_UNIT_NAME: `${name}/0`,
    JUJU_MODEL_NAME: "bench",
    JUJU_MODEL_UUID: "5a7c1c8e-0000-4000-8000-000000000001",
    JUJU_VERSION: "3.6.4",
    JUJU_DISPATCH_PATH: `hooks/${hook}`,
    JUJU_HOOK_NAME: hook,
  };
}

async function unpack(label: string, name: string, charmFile: string): Promise<string> {
  const dir = join(work, `${label}-${name}`);
  await unpackCharmArchive(charmFile, dir);
  return dir;
}

function run(charmDir: string, environment: Record<string, string>): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(join(charmDir, "dispatch"), [], { cwd: charmDir, env: environment });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${charmDir}: exit ${result.status}: ${result.stdout}${result.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number) => +x.toFixed(1);

const results = [];
for (const name of CHARMS) {
  const beforeFile = join(BEFORE, dirOf(name), `${name}_amd64.charm`);
  if (!existsSync(beforeFile)) throw new Error(`${beforeFile} is missing: run npm run pack in ${BEFORE}`);
  const after = await packCharm(join(ROOT, dirOf(name)), work);
  const dirs = {
    before: await unpack("before", name, beforeFile),
    after: await unpack("after", name, after.path),
  };
  const times: { before: number[]; after: number[] } = { before: [], after: [] };
  for (let i = 0; i < 3; i++)
    for (const side of ["before", "after"] as const) run(dirs[side], env(name, dirs[side]));
  for (let i = 0; i < RUNS; i++) {
    // Alternate which side goes first, so neither always follows the other.
    const order = i % 2 ? (["after", "before"] as const) : (["before", "after"] as const);
    for (const side of order) times[side].push(run(dirs[side], env(name, dirs[side])));
  }
  const row = {
    charm: name,
    hook: env(name, "").JUJU_HOOK_NAME,
    beforeMs: { median: round(median(times.before)), min: round(Math.min(...times.before)) },
    afterMs: { median: round(median(times.after)), min: round(Math.min(...times.after)) },
    ratio: +(median(times.after) / median(times.before)).toFixed(2),
  };
  results.push(row);
  console.log(
    `${name} ${row.hook}: before ${row.beforeMs.median} ms (min ${row.beforeMs.min}), after ${row.afterMs.median} ms (min ${row.afterMs.min}), after/before ${row.ratio}`,
  );
}

const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, loadavg: loadavg().map(round) },
  before: BEFORE,
  runs: RUNS,
  results,
};
writeFileSync(join(out, "compare-checkouts.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${join(out, "compare-checkouts.json")}`);
