// npm run build: bundle every charm.
import { relative } from "node:path";
import { bundleCharm } from "./bundle-charm.mjs";
import { charmDirs, ROOT } from "./charm-dirs.mjs";

for (const dir of charmDirs()) {
  const { outfile, bytes } = await bundleCharm(dir);
  console.log(`${relative(ROOT, outfile)}  ${(bytes / 1024).toFixed(1)} KiB`);
}
