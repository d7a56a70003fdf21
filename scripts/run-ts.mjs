// Run a TypeScript script with the machine's Node 20: esbuild bundles it (workspace
// imports and YAML included) into .bench/ and Node imports the result.

import { mkdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, yamlEsbuildPlugin } from "@charmarr/build";
import { workspaceExternals } from "@charmarr/build/workspace-externals";
import { build } from "esbuild";

const [script, ...args] = process.argv.slice(2);
if (!script) throw new Error("usage: node scripts/run-ts.mjs <script.ts> [args...]");
const outdir = join(ROOT, ".bench/scripts");
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, `${basename(script, ".ts")}.mjs`);
await build({
  entryPoints: [resolve(script)],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  plugins: [yamlEsbuildPlugin, workspaceExternals],
  logLevel: "warning",
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
