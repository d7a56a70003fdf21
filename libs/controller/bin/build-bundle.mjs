// Node 20 runs no TypeScript: esbuild bundles the controller (its `main`,
// src/daemon/controller-process.ts, with the workspace packages it imports: engine, stand-ins)
// into dist/controller.mjs, rebuilt only when a source changes (@charmarr/build/cached-bundle).
// npm packages stay external (they resolve from the repository's node_modules), and so do plain
// .mjs files, so the stand-ins find their own bundles from their real paths.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { cachedBundle, sourceHash } from "@charmarr/build/cached-bundle";
import { workspaceExternals } from "@charmarr/build/workspace-externals";

const PACKAGE_DIR = dirname(import.meta.dirname);
const LIBS = dirname(PACKAGE_DIR);
export const CONTROLLER_BUNDLE = join(PACKAGE_DIR, "dist/controller.mjs");
// The workspace packages the controller's bundle takes in.
const SOURCES = ["controller/src", "engine/src", "stand-ins/src", "charm/src", "build/src"];

/** The path of the controller bundle, built from the current sources first if needed. */
export function controllerBundle() {
  return cachedBundle({
    out: CONTROLLER_BUNDLE,
    mark: "// charmarr controller sources ",
    hash: sourceHash(
      LIBS,
      SOURCES.map((dir) => join(LIBS, dir)),
      [join(PACKAGE_DIR, "package.json")],
    ),
    build: async (banner) => {
      const { yamlEsbuildPlugin } = await import("@charmarr/build/yaml-module");
      return createRequire(import.meta.url)("esbuild").build({
        // The process's entry: the package's own `main`.
        stdin: {
          contents: 'import { main } from "./src/index.ts";\nmain();\n',
          resolveDir: PACKAGE_DIR,
          loader: "ts",
        },
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        banner: { js: banner },
        plugins: [yamlEsbuildPlugin, workspaceExternals],
        write: false,
        logLevel: "warning",
      });
    },
  });
}
