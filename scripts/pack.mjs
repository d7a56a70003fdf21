// npm run pack: write charms/<name>/<name>_amd64.charm for every charm.
import { statSync } from "node:fs";
import { relative } from "node:path";
import { charmDirs, ROOT } from "./charm-dirs.mjs";
import { packCharm } from "./pack-charm.mjs";

const results = await Promise.all(charmDirs().map((dir) => packCharm(dir)));
for (const { path, bundleBytes } of results) {
  const size = (statSync(path).size / 1024 / 1024).toFixed(1);
  console.log(`${relative(ROOT, path)}  ${size} MiB (bundle ${(bundleBytes / 1024).toFixed(1)} KiB)`);
}
