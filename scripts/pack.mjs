// npm run pack [-- <charm>...]: write <charm dir>/<name>_amd64.charm for the named charms
// (charmcraft.yaml name or folder), every charm without a name.
import { statSync } from "node:fs";
import { relative } from "node:path";
import { checkCharmDefinition, commandCharmDirs, isCharmProblem, packCharm, ROOT } from "@charmarr/build";

// As npm run build: the types from charmcraft.yaml, then each charm checked against it first.
const dirs = commandCharmDirs("pack", process.argv.slice(2));
const results = await Promise.allSettled(
  dirs.map((dir) => checkCharmDefinition(dir).then(() => packCharm(dir))),
);
let failed = 0;
for (const result of results) {
  if (result.status === "fulfilled") {
    const { path, bundleBytes } = result.value;
    const size = (statSync(path).size / 1024 / 1024).toFixed(1);
    console.log(`${relative(ROOT, path)}  ${size} MiB (bundle ${(bundleBytes / 1000).toFixed(1)} KB)`);
  } else if (isCharmProblem(result.reason)) {
    console.error(result.reason.message);
    failed++;
  } else {
    throw result.reason;
  }
}
if (failed > 0) {
  console.error(`npm run pack: ${failed} charm${failed > 1 ? "s" : ""} not packed (see above)`);
  process.exit(1);
}
