// npm run build [-- <charm>...]: bundle the named charms (charmcraft.yaml name or folder),
// every charm without a name. Fails when a bundle is over the budget (design §6).
import { relative } from "node:path";
import { BundleBudgetError, bundleCharm, ROOT, selectCharmDirs, UnknownCharmError } from "@charmarr/build";

let dirs;
try {
  dirs = selectCharmDirs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UnknownCharmError)) throw err;
  console.error(`npm run build: ${err.message}`);
  process.exit(2);
}
let failed = 0;
for (const dir of dirs) {
  try {
    const { outfile, bytes } = await bundleCharm(dir);
    console.log(`${relative(ROOT, outfile)}  ${(bytes / 1000).toFixed(1)} KB`);
  } catch (err) {
    if (!(err instanceof BundleBudgetError)) throw err;
    console.error(err.message);
    failed++;
  }
}
if (failed > 0) {
  console.error(`npm run build: ${failed} bundle${failed > 1 ? "s" : ""} over budget`);
  process.exit(1);
}
