// A V8 startup snapshot of a charm's bundle, made at pack time with the Node runtime the charm
// ships: a hook then starts from a heap where the bundle is already loaded and run (modules
// evaluated, zod schemas built) instead of parsing and running ~240 KB of JavaScript again in
// every hook process. Measured on the packed Radarr charm: ~37 ms less per hook (docs/performance.md).
//
// Node cannot put node:http, node:https or node:tls in a user snapshot (their native bindings
// abort the build), and the bundle requires them at module init. The builder therefore runs the
// bundle with a `require` that hands out a stand-in for those three: an object that looks like
// the module (its export names, taken from the same Node beforehand) and loads the real one with
// process.getBuiltinModule on first use, which is in the hook, after the snapshot is restored.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";

/** The built-ins a snapshot cannot hold; loaded on first use instead. */
export const DEFERRED_BUILTINS = ["http", "https", "tls"];

/** What the hook runs: the snapshot when the charm has one. Kept beside dist/dispatch.js. */
export const SNAPSHOT_FILE = "dist/dispatch.blob";

export class StartupSnapshotError extends Error {
  name = "StartupSnapshotError";
}

const exportNamesByNode = new Map();

/**
 * The export names of the deferred built-ins in `node` (they differ between Node versions):
 * asked of each runtime once per process, however many charms are packed with it.
 */
function builtinExportNames(node) {
  if (!exportNamesByNode.has(node)) exportNamesByNode.set(node, askExportNames(node));
  return exportNamesByNode.get(node);
}

function askExportNames(node) {
  const script = `process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(
    DEFERRED_BUILTINS,
  )}.map((id) => [id, Object.keys(require(id))]))))`;
  const result = spawnSync(node, ["-e", script], { encoding: "utf8" });
  if (result.status !== 0)
    throw new StartupSnapshotError(`${node} cannot list built-in modules: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The builder script: the bundle, run with a require that defers DEFERRED_BUILTINS. */
export function snapshotBuilderSource(bundle, exportNames) {
  return `"use strict";
const deferredExports = ${JSON.stringify(exportNames)};
const builtinRequire = require;
const deferred = new Map();
// A module object that becomes the real module on first use. ownKeys/getOwnPropertyDescriptor
// let esbuild's interop copy the export names without touching the module.
function deferredBuiltin(name) {
  let loaded;
  const load = () => (loaded ??= process.getBuiltinModule("node:" + name));
  const keys = deferredExports[name];
  return new Proxy({}, {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => [...keys],
    getOwnPropertyDescriptor: (_, key) =>
      keys.includes(key) ? { configurable: true, enumerable: true, get: () => load()[key] } : undefined,
  });
}
(function (require) {
${bundle}
})((id) => {
  const name = id.startsWith("node:") ? id.slice(5) : id;
  if (!Object.hasOwn(deferredExports, name)) return builtinRequire(id);
  if (!deferred.has(name)) deferred.set(name, deferredBuiltin(name));
  return deferred.get(name);
});
`;
}

/**
 * Build `blobFile` from the bundle `bundleFile` with `node` (the runtime the charm ships: a
 * snapshot only loads in the Node binary that made it). The bundle must hand its main function
 * to v8.startupSnapshot.setDeserializeMainFunction when building a snapshot (bundle-charm.mjs).
 * `timeoutMs` bounds the build (60 s).
 */
export function buildStartupSnapshot(bundleFile, blobFile, node, { timeoutMs = 60_000 } = {}) {
  const builder = `${blobFile}.builder.js`;
  writeFileSync(builder, snapshotBuilderSource(readFileSync(bundleFile, "utf8"), builtinExportNames(node)));
  try {
    const result = spawnSync(node, ["--snapshot-blob", blobFile, "--build-snapshot", builder], {
      encoding: "utf8",
      // The bundle must not read the packer's environment into the snapshot.
      env: {},
      // A timer or socket opened at module init keeps the builder's event loop running for ever.
      timeout: timeoutMs,
    });
    if (result.status !== 0) {
      rmSync(blobFile, { force: true });
      const said = `${result.stderr}`
        .split("\n")
        .filter((l) => l.trim() !== "" && !/Warning|It may|To request|trace-warnings/.test(l));
      throw new StartupSnapshotError(
        `cannot make the startup snapshot of ${bundleFile} (${result.error?.code === "ETIMEDOUT" ? `still running after ${timeoutMs} ms` : (result.signal ?? `exit ${result.status}`)}): ${said.slice(0, 12).join("\n")}\n` +
          "A module that opens handles or loads a native-backed built-in at module init cannot be snapshotted; do that work in the hook instead.",
      );
    }
  } finally {
    rmSync(builder, { force: true });
  }
  return { blobFile, bytes: statSync(blobFile).size };
}
