// npm run pack [-- <charm>...]: write <charm dir>/<name>_amd64.charm for the named charms
// (charmcraft.yaml name or folder), every charm without a name.
import { statSync } from "node:fs";
import { relative } from "node:path";
import {
  BundleBudgetError,
  CharmDefinitionError,
  checkCharmDefinition,
  packCharm,
  ROOT,
  selectCharmDirs,
  syncCharmTypes,
  UnknownCharmError,
} from "@charmarr/build";

let dirs;
try {
  dirs = selectCharmDirs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UnknownCharmError)) throw err;
  console.error(`npm run pack: ${err.message}`);
  process.exit(2);
}
// As npm run build: the types from charmcraft.yaml, then each charm checked against it first.
for (const path of syncCharmTypes()) console.log(`wrote ${path}`);
const results = await Promise.allSettled(
  dirs.map((dir) => checkCharmDefinition(dir).then(() => packCharm(dir))),
);
let failed = 0;
for (const result of results) {
  if (result.status === "fulfilled") {
    const { path, bundleBytes } = result.value;
    const size = (statSync(path).size / 1024 / 1024).toFixed(1);
    console.log(`${relative(ROOT, path)}  ${size} MiB (bundle ${(bundleBytes / 1000).toFixed(1)} KB)`);
  } else if (result.reason instanceof BundleBudgetError || result.reason instanceof CharmDefinitionError) {
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
