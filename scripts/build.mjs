// npm run build [-- <charm>...]: bundle the named charms (charmcraft.yaml name or folder),
// every charm without a name. Fails when a bundle is over the budget (design §6).
import { relative } from "node:path";
import {
  BundleBudgetError,
  bundleCharm,
  CharmDefinitionError,
  checkCharmDefinition,
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
  console.error(`npm run build: ${err.message}`);
  process.exit(2);
}
// The types each charm's code is compiled against, from its charmcraft.yaml.
for (const path of syncCharmTypes()) console.log(`wrote ${path}`);
let failed = 0;
for (const dir of dirs) {
  try {
    await checkCharmDefinition(dir);
    const { outfile, bytes } = await bundleCharm(dir);
    console.log(`${relative(ROOT, outfile)}  ${(bytes / 1000).toFixed(1)} KB`);
  } catch (err) {
    if (!(err instanceof BundleBudgetError || err instanceof CharmDefinitionError)) throw err;
    console.error(err.message);
    failed++;
  }
}
if (failed > 0) {
  console.error(`npm run build: ${failed} charm${failed > 1 ? "s" : ""} failed (see above)`);
  process.exit(1);
}
