// esbuild: one charm → one minified, self-contained dist/dispatch.js (CommonJS, so the
// Node runtime in the charm runs it without a package.json beside it).

import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { charmName } from "./charm-dirs.mjs";
import { yamlEsbuildPlugin } from "./yaml-module.mjs";

const ENTRY = `
import { startupSnapshot } from "node:v8";
import charm from "./src/charm.ts";
import { runCharm } from "@charmarr/charm";
// exit explicitly: a lingering handle must never keep a hook running.
const main = () => runCharm(charm).then((code) => process.exit(code));
// Packed, the bundle runs once to make the startup snapshot (startup-snapshot.mjs): the hook
// itself then starts in main.
if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.setDeserializeMainFunction(main);
else main();
`;

export const DIST_PACKAGE_JSON = '{ "type": "commonjs" }\n';

/** design §6: a charm's minified bundle is at most 300 KB (decimal kilobytes, as docs/performance.md). */
export const BUNDLE_BUDGET_BYTES = 300 * 1000;

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** Where a bundle input comes from: `zod/v4/locales` for node_modules/zod/v4/locales/de.js, the path otherwise. */
function inputGroup(path) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (!match) return path;
  const dirs = match[2].split("/").slice(0, -1);
  return [match[1], ...dirs.slice(0, 2)].join("/");
}

/** The largest inputs of a bundle, from esbuild's metafile: [{ what, bytes }], largest first. */
export function largestInputs(metafile, count = 8) {
  const output = Object.values(metafile.outputs)[0];
  const groups = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const group = inputGroup(path);
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
  }
  return [...groups.entries()]
    .map(([what, bytes]) => ({ what, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

export class BundleBudgetError extends Error {
  constructor(charm, bytes, metafile, budget = BUNDLE_BUDGET_BYTES) {
    const largest = largestInputs(metafile);
    const lines = [
      `${charm}: the bundle is ${kb(bytes)} minified, over the ${kb(budget)} budget (design §6) by ${kb(bytes - budget)}.`,
      "Largest inputs:",
      ...largest.map(({ what, bytes: b }) => `  ${kb(b).padStart(9)}  ${what}`),
    ];
    // zod always keeps its English locale (the default); more than one means all of them.
    const inputs = Object.entries(Object.values(metafile.outputs)[0]?.inputs ?? {});
    const locales = inputs.filter(
      ([path, { bytesInOutput }]) =>
        bytesInOutput > 0 && /node_modules\/zod\/.*locales\/(?!index)/.test(path),
    ).length;
    if (locales > 1) {
      lines.push(
        'zod\'s locales are in the bundle: `import { z } from "zod"` pulls every locale in; use `import * as z from "zod"`.',
      );
    }
    super(lines.join("\n"));
    this.name = "BundleBudgetError";
    this.charm = charm;
    this.bytes = bytes;
    this.budget = budget;
    this.largest = largest;
  }
}

/**
 * Bundle the charm in `dir` into `<outDir>/dist/dispatch.js` (outDir defaults to the charm dir).
 * Throws BundleBudgetError when the bundle is over `budget` bytes (BUNDLE_BUDGET_BYTES).
 */
export async function bundleCharm(dir, outDir = dir, { budget = BUNDLE_BUDGET_BYTES } = {}) {
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
  const bytes = Object.values(result.metafile.outputs)[0].bytes;
  if (bytes > budget) {
    let name = basename(dir);
    try {
      name = charmName(dir);
    } catch {}
    throw new BundleBudgetError(name, bytes, result.metafile, budget);
  }
  return { outfile, bytes, metafile: result.metafile };
}
