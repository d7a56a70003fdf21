// The stand-in servers are TypeScript (checked with the rest of the repo), but Node 20 runs no
// TypeScript and a container sees no node_modules: esbuild bundles each stand-in's src/<name>/main.ts
// into one dependency-free ESM file. The bundle's first line carries a hash of the sources (and of
// package.json, whose exact pins fix the bundled dependencies), so a stale bundle is rebuilt and a
// current one is left alone (parallel test workers share it).

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
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const PACKAGE_DIR = dirname(import.meta.dirname);
export const SERVARR_BUNDLE = join(PACKAGE_DIR, "dist/servarr-stand-in.mjs");
export const GLUETUN_BUNDLE = join(PACKAGE_DIR, "dist/gluetun-stand-in.mjs");
export const PLEX_BUNDLE = join(PACKAGE_DIR, "dist/plex-stand-in.mjs");
const MARK = "// charmarr stand-in sources ";

function sourceHash(sourceDir) {
  const hash = createHash("sha256");
  hash.update(readFileSync(join(PACKAGE_DIR, "package.json"))).update("\0");
  const files = readdirSync(sourceDir)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .sort();
  for (const name of files)
    hash
      .update(name)
      .update("\0")
      .update(readFileSync(join(sourceDir, name)))
      .update("\0");
  return hash.digest("hex");
}

function bundleHash(bundlePath) {
  let fd;
  try {
    fd = openSync(bundlePath, "r");
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(MARK.length + 64);
    const read = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, read).toString("utf8");
    return text.startsWith(MARK) ? text.slice(MARK.length) : undefined;
  } finally {
    closeSync(fd);
  }
}

/** The path of a bundle of `src/<name>/main.ts` built from the current sources (building it first if needed). */
function currentBundle(name, bundlePath) {
  const sourceDir = join(PACKAGE_DIR, "src", name);
  const hash = sourceHash(sourceDir);
  if (bundleHash(bundlePath) === hash) return bundlePath;
  // esbuild only where a build is needed: the container that runs the bundle has none.
  const { buildSync } = createRequire(import.meta.url)("esbuild");
  const result = buildSync({
    entryPoints: [join(sourceDir, "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: `${MARK}${hash}` },
    write: false,
    logLevel: "warning",
  });
  const [output] = result.outputFiles;
  mkdirSync(dirname(bundlePath), { recursive: true });
  // Write then rename: another worker may be reading or building the same file.
  const temp = `${bundlePath}.${process.pid}.tmp`;
  writeFileSync(temp, output.contents);
  renameSync(temp, bundlePath);
  return bundlePath;
}

/** The Radarr/Sonarr/Prowlarr stand-in's bundle, current. */
export function servarrBundle() {
  return currentBundle("servarr", SERVARR_BUNDLE);
}

/** The Gluetun stand-in's bundle, current. */
export function gluetunBundle() {
  return currentBundle("gluetun", GLUETUN_BUNDLE);
}

/** The Plex Media Server stand-in's bundle, current. */
export function plexBundle() {
  return currentBundle("plex", PLEX_BUNDLE);
}
