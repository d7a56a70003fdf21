// npm run new-charm <name>: write charms/<name>, a working, tested, packable charm skeleton;
// then install it as a workspace so its imports resolve. See docs/framework.md.
import { execFileSync } from "node:child_process";
import { relative } from "node:path";
import { ROOT, ScaffoldError, scaffoldCharm } from "@charmarr/build";

const [name] = process.argv.slice(2);
let dir;
try {
  dir = scaffoldCharm(name);
} catch (err) {
  if (!(err instanceof ScaffoldError)) throw err;
  console.error(`npm run new-charm: ${err.message}`);
  process.exit(2);
}
execFileSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: ROOT, stdio: "inherit" });
const at = relative(ROOT, dir);
console.log(`wrote ${at}
  test it:   npx vitest run ${at}
  pack it:   npm run pack -- ${name}     (${at}/${name}_amd64.charm)
  its options and actions live in ${at}/charmcraft.yaml; run npm run charm-types after changing them`);
