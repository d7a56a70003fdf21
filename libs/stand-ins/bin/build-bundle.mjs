// The stand-in servers are TypeScript (checked with the rest of the repo), but Node 20 runs no
// TypeScript and a container sees no node_modules: esbuild bundles each stand-in's
// src/<name>/main.ts into one dependency-free ESM file. The bundle's first line carries a hash of the sources, so a stale
// bundle is rebuilt and a current one is left alone (parallel test workers share it).

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
const bundlePath = (name) => join(PACKAGE_DIR, `dist/${name}-stand-in.mjs`);
export const SERVARR_BUNDLE = bundlePath("servarr");
export const PLEX_BUNDLE = bundlePath("plex");
const MARK = "// charmarr stand-in sources ";

function sourceHash(SOURCE_DIR) {
  const hash = createHash("sha256");
  const files = readdirSync(SOURCE_DIR)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .sort();
  for (const name of files)
    hash
      .update(name)
      .update("\0")
      .update(readFileSync(join(SOURCE_DIR, name)))
      .update("\0");
  return hash.digest("hex");
}

function bundleHash(bundle) {
  let fd;
  try {
    fd = openSync(bundle, "r");
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

/** The path of the Radarr/Sonarr/Prowlarr bundle, built from the current sources if needed. */
export function servarrBundle() {
  return standInBundle("servarr");
}

/** The path of the Plex Media Server bundle, built from the current sources if needed. */
export function plexBundle() {
  return standInBundle("plex");
}

function standInBundle(name) {
  const SOURCE_DIR = join(PACKAGE_DIR, "src", name);
  const ENTRY = join(SOURCE_DIR, "main.ts");
  const BUNDLE = bundlePath(name);
  const hash = sourceHash(SOURCE_DIR);
  if (bundleHash(BUNDLE) === hash) return BUNDLE;
  // esbuild only where a build is needed: the container that runs the bundle has none.
  const { buildSync } = createRequire(import.meta.url)("esbuild");
  const result = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: `${MARK}${hash}` },
    write: false,
    logLevel: "warning",
  });
  const [output] = result.outputFiles;
  mkdirSync(dirname(BUNDLE), { recursive: true });
  // Write then rename: another worker may be reading or building the same file.
  const temp = `${BUNDLE}.${process.pid}.tmp`;
  writeFileSync(temp, output.contents);
  renameSync(temp, BUNDLE);
  return BUNDLE;
}
