// The build's run-time check of a charm against its charmcraft.yaml (@charmarr/charm's
// definitionProblems): the compiler catches most disagreements through the generated types,
// and this catches the rest (features' refinements and actions, params' keys and requiredness).
// The charm is bundled as it is for dispatch, but to return its problems instead of running.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { charmName } from "./charm-dirs.mjs";
import { yamlEsbuildPlugin } from "./yaml-module.mjs";

const ENTRY = `
import charm from "./src/charm.ts";
import { definitionProblems } from "@charmarr/charm";
export default definitionProblems(charm);
`;

export class CharmDefinitionError extends Error {
  constructor(charm, problems) {
    super(
      `${charm}: the charm disagrees with its charmcraft.yaml:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "CharmDefinitionError";
    this.problems = problems;
  }
}

/** The charm's problems against its charmcraft.yaml; throws CharmDefinitionError when there are some. */
export async function checkCharmDefinition(dir) {
  const work = mkdtempSync(join(tmpdir(), "charm-check-"));
  try {
    const outfile = join(work, "check.mjs");
    await build({
      stdin: { contents: ENTRY, resolveDir: dir, loader: "ts" },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      plugins: [yamlEsbuildPlugin],
      logLevel: "silent",
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    writeFileSync(join(work, "package.json"), '{ "type": "module" }\n');
    const problems = (await import(pathToFileURL(outfile).href)).default;
    if (problems.length > 0) throw new CharmDefinitionError(charmName(dir), problems);
    return problems;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
