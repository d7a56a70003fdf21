// An esbuild plugin for running workspace TypeScript as a program (scripts, the embedded
// controller): workspace packages are bundled; npm packages, plain .mjs files and
// @charmarr/build (plain .mjs that finds the repository from its own path) stay external, so
// they resolve from the repository's node_modules and keep their import.meta.dirname.
import { resolve } from "node:path";

export const workspaceExternals = {
  name: "workspace-externals",
  setup(b) {
    b.onResolve({ filter: /\.mjs$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path),
      external: true,
    }));
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@charmarr/") && !args.path.startsWith("@charmarr/build")
        ? undefined
        : { external: true },
    );
  },
};
