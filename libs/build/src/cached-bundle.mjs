// A bundle that is rebuilt only when its sources change. Node 20 runs no TypeScript, so the
// packages' bins (the charmarr CLI, the embedded controller) run esbuild bundles of their
// sources; the bundle's first line carries a hash of every source file it may include (and of
// the package.json files, whose exact pins fix the bundled dependencies), so a stale bundle is
// rebuilt and a current one is left alone. Writes are atomic: parallel callers share it.

import { createHash } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

const SOURCE = /\.(ts|mjs|yaml)$/;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name) && !e.name.includes(".test."))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** sha256 over the files (each with its path below `base`) under `dirs` and the `files` given. */
export function sourceHash(base, dirs, files = []) {
  const hash = createHash("sha256");
  for (const file of [...files, ...dirs.flatMap((dir) => sourceFiles(dir))])
    hash.update(file.slice(base.length)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

function recordedHash(path, mark) {
  let fd;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(mark.length + 64);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString("utf8");
    return text.startsWith(mark) ? text.slice(mark.length) : undefined;
  } finally {
    closeSync(fd);
  }
}

function writeAtomic(out, contents) {
  mkdirSync(dirname(out), { recursive: true });
  // Write then rename: another worker may be reading or building the same file.
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, out);
}

/**
 * The path `out`, holding a bundle of the current sources: `build(banner)` (esbuild with
 * `write: false` and that banner first) is called only when the recorded hash differs.
 * `mark` is the banner's comment prefix, `hash` the sources' hash (sourceHash).
 */
export async function cachedBundle({ out, mark, hash, build }) {
  if (recordedHash(out, mark) === hash) return out;
  const result = await build(`${mark}${hash}`);
  writeAtomic(out, result.outputFiles[0].contents);
  return out;
}

/** `cachedBundle` for callers that cannot wait: `build` is synchronous (esbuild's buildSync). */
export function cachedBundleSync({ out, mark, hash, build }) {
  if (recordedHash(out, mark) === hash) return out;
  writeAtomic(out, build(`${mark}${hash}`).outputFiles[0].contents);
  return out;
}
