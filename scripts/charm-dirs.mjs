// Every charm this repository builds: a directory with a charmcraft.yaml and src/charm.ts,
// under charms/, plus the framework's example charm.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");

export function charmDirs(root = ROOT) {
  const candidates = [join(root, "libs/charm/example")];
  const charms = join(root, "charms");
  if (existsSync(charms)) {
    for (const name of readdirSync(charms).sort()) candidates.push(join(charms, name));
  }
  return candidates.filter(
    (dir) => existsSync(join(dir, "charmcraft.yaml")) && existsSync(join(dir, "src/charm.ts")),
  );
}
