// The stand-in servers are TypeScript (checked with the rest of the repo), but Node 20 runs no
// TypeScript and a container sees no node_modules: esbuild bundles each stand-in's src/<name>/main.ts
// into one dependency-free ESM file, rebuilt only when its sources (or package.json, whose exact
// pins fix the bundled dependencies) change (@charmarr/build/cached-bundle); parallel test workers
// share it. Synchronous, because registering a stand-in is.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { cachedBundleSync, sourceHash } from "@charmarr/build/cached-bundle";

const PACKAGE_DIR = dirname(import.meta.dirname);
export const SERVARR_BUNDLE = join(PACKAGE_DIR, "dist/servarr-stand-in.mjs");
export const GLUETUN_BUNDLE = join(PACKAGE_DIR, "dist/gluetun-stand-in.mjs");
export const PLEX_BUNDLE = join(PACKAGE_DIR, "dist/plex-stand-in.mjs");

/** The path of a bundle of `src/<name>/main.ts` built from the current sources (building it first if needed). */
function currentBundle(name, out) {
  const sourceDir = join(PACKAGE_DIR, "src", name);
  return cachedBundleSync({
    out,
    mark: "// charmarr stand-in sources ",
    hash: sourceHash(PACKAGE_DIR, [sourceDir], [join(PACKAGE_DIR, "package.json")]),
    // esbuild only where a build is needed.
    build: (banner) =>
      createRequire(import.meta.url)("esbuild").buildSync({
        entryPoints: [join(sourceDir, "main.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        banner: { js: banner },
        write: false,
        logLevel: "warning",
      }),
  });
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
