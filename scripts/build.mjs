// npm run build [-- <charm>...]: bundle the named charms (charmcraft.yaml name or folder),
// every charm without a name. Fails when a bundle is over the budget (design §6).
import { relative } from "node:path";
import { bundleCharm, checkCharmDefinition, commandCharmDirs, isCharmProblem, ROOT } from "@charmarr/build";

const dirs = commandCharmDirs("build", process.argv.slice(2));
let failed = 0;
for (const dir of dirs) {
  try {
    await checkCharmDefinition(dir);
    const { outfile, bytes } = await bundleCharm(dir);
    console.log(`${relative(ROOT, outfile)}  ${(bytes / 1000).toFixed(1)} KB`);
  } catch (err) {
    if (!isCharmProblem(err)) throw err;
    console.error(err.message);
    failed++;
  }
}
if (failed > 0) {
  console.error(`npm run build: ${failed} charm${failed > 1 ? "s" : ""} failed (see above)`);
  process.exit(1);
}
