// Node 20 runs no TypeScript: esbuild bundles the CLI's src/ into dist/charmarr.mjs, rebuilt only
// when the sources change (@charmarr/build/cached-bundle). jujulib, ws and yaml are bundled in.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { cachedBundle, sourceHash } from "@charmarr/build/cached-bundle";

const PACKAGE_DIR = dirname(import.meta.dirname);
export const CLI_BUNDLE = join(PACKAGE_DIR, "dist/charmarr.mjs");

/** The path of the CLI bundle, built from the current sources first if needed. */
export function cliBundle() {
  return cachedBundle({
    out: CLI_BUNDLE,
    mark: "// charmarr cli sources ",
    hash: sourceHash(
      dirname(PACKAGE_DIR),
      [join(PACKAGE_DIR, "src")],
      // The one controller file the CLI takes in: how to read the controller's own file.
      [join(PACKAGE_DIR, "package.json"), join(PACKAGE_DIR, "../controller/src/daemon/controller-info.ts")],
    ),
    build: (banner) =>
      createRequire(import.meta.url)("esbuild").build({
        entryPoints: [join(PACKAGE_DIR, "src/index.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        // Some bundled CommonJS dependencies (websocket, xhr2) call require().
        banner: {
          js: `${banner}\nimport { createRequire as __charmarrRequire } from "node:module"; const require = __charmarrRequire(import.meta.url);`,
        },
        // ws' optional native speed-ups are not installed.
        external: ["bufferutil", "utf-8-validate"],
        write: false,
        logLevel: "warning",
      }),
  });
}
