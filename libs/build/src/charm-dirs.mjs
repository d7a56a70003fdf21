// Every charm this repository builds: a directory with a charmcraft.yaml and src/charm.ts,
// under charms/, plus the framework's example charm.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parse } from "yaml";

/** The repository root (this file is libs/build/src/charm-dirs.mjs). */
export const ROOT = resolve(import.meta.dirname, "../../..");

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

/** The charm's name as charmcraft.yaml gives it (the example charm's folder is `example`, its name `hello`). */
export function charmName(dir) {
  const name = parse(readFileSync(join(dir, "charmcraft.yaml"), "utf8"))?.name;
  if (typeof name !== "string" || name === "") throw new Error(`${dir}/charmcraft.yaml has no name`);
  return name;
}

export class UnknownCharmError extends Error {
  constructor(unknown, known) {
    super(
      `unknown charm${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}; the charms are: ${known.join(", ")}`,
    );
    this.name = "UnknownCharmError";
    this.unknown = unknown;
    this.known = known;
  }
}

/**
 * The charm directories named by `names` (a charmcraft.yaml name or a folder name each), in
 * discovery order; every charm when `names` is empty. An unknown name throws
 * UnknownCharmError, which lists the known charms.
 */
export function selectCharmDirs(names, root = ROOT) {
  const dirs = charmDirs(root);
  if (names.length === 0) return dirs;
  const named = dirs.map((dir) => ({ dir, names: new Set([charmName(dir), basename(dir)]) }));
  const unknown = names.filter((n) => !named.some((c) => c.names.has(n)));
  if (unknown.length > 0) {
    const known = named.map((c) => {
      const [name, folder] = [charmName(c.dir), basename(c.dir)];
      return name === folder ? name : `${name} (${folder})`;
    });
    throw new UnknownCharmError(unknown, known);
  }
  return named.filter((c) => names.some((n) => c.names.has(n))).map((c) => c.dir);
}
