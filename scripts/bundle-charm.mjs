// esbuild: one charm → one minified, self-contained dist/dispatch.js (CommonJS, so the
// Node runtime in the charm runs it without a package.json beside it).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { yamlEsbuildPlugin } from "./yaml-module.mjs";

const ENTRY = `
import charm from "./src/charm.ts";
import { runCharm } from "@charmarr/charm";
// exit explicitly: a lingering handle must never keep a hook running.
runCharm(charm).then((code) => process.exit(code));
`;

export const DIST_PACKAGE_JSON = '{ "type": "commonjs" }\n';

/** Bundle the charm in `dir` into `<outDir>/dist/dispatch.js` (outDir defaults to the charm dir). */
export async function bundleCharm(dir, outDir = dir) {
  const outfile = join(outDir, "dist/dispatch.js");
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: dir, sourcefile: "dispatch-entry.ts", loader: "ts" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    metafile: true,
    outfile,
    // ws's optional native speed-ups: absent in the charm, and ws works without them.
    external: ["bufferutil", "utf-8-validate"],
    plugins: [yamlEsbuildPlugin],
    logLevel: "warning",
  });
  // Pin the module type beside the bundle: a "type": "module" package.json anywhere above
  // the charm directory would otherwise make Node misread this CommonJS file.
  writeFileSync(join(outDir, "dist/package.json"), DIST_PACKAGE_JSON);
  const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].bytes;
  return { outfile, bytes, metafile: result.metafile };
}
