import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type CharmMeta, CharmMetaError, parseCharmMeta } from "../model/charm-meta";
import { readZipEntriesSync } from "./zip-entries-sync";

const PACKED_FILES = ["metadata.yaml", "config.yaml", "actions.yaml"] as const;

/** A packed charm's YAML files merged into the unified charmcraft.yaml shape parseCharmMeta reads. */
function mergePacked(read: (name: string) => string | undefined, where: string): CharmMeta {
  const [metadata, config, actions] = PACKED_FILES.map((name) => {
    const text = read(name);
    return text === undefined ? undefined : (parse(text) as unknown);
  });
  if (metadata === undefined) throw new CharmMetaError(`${where} has no metadata.yaml`);
  if (typeof metadata !== "object" || metadata === null)
    throw new CharmMetaError(`${where}: metadata.yaml must be a mapping`);
  return parseCharmMeta({
    ...(metadata as Record<string, unknown>),
    ...(config === undefined ? {} : { config }),
    ...(actions === undefined ? {} : { actions }),
  });
}

/**
 * The metadata of a charm directory: an unpacked charm (metadata.yaml, config.yaml,
 * actions.yaml) or a source tree with a unified charmcraft.yaml.
 */
export function readCharmDirMeta(dir: string): CharmMeta {
  const charmcraft = join(dir, "charmcraft.yaml");
  if (existsSync(charmcraft)) return parseCharmMeta(readFileSync(charmcraft, "utf8"));
  return mergePacked((name) => {
    const path = join(dir, name);
    return existsSync(path) ? readFileSync(path, "utf8") : undefined;
  }, dir);
}

/** The metadata of a packed `.charm`, read synchronously from the archive. */
export function readCharmFileMeta(path: string): CharmMeta {
  const entries = readZipEntriesSync(path, PACKED_FILES);
  return mergePacked((name) => entries.get(name)?.toString("utf8"), path);
}
