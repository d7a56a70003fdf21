import { type PebbleClient, PebblePathError } from "@charmarr/pebble";
import { type ServarrConfigSettings, ServarrConfigXml } from "@charmarr/workloads";
import { pushAsFolderOwner } from "../workload-service/folder-owned-file";

/** Where the LinuxServer images keep the app's config (`-data=/config`). */
export const CONFIG_XML_PATH = "/config/config.xml";

/**
 * The app's config.xml in its container, read once per hook and kept current with every write
 * this hook makes. The file holds the API key, so it is always written 0600.
 */
export class ConfigXmlFile {
  #current: Promise<ServarrConfigXml | undefined> | undefined;

  constructor(readonly pebble: PebbleClient) {}

  /** The file as it is; undefined when there is none yet (before the app's first start). */
  read(): Promise<ServarrConfigXml | undefined> {
    this.#current ??= this.pebble.pull(CONFIG_XML_PATH).then(
      (text) => ServarrConfigXml.parse(text),
      (err) => {
        if (err instanceof PebblePathError && err.kind === "not-found") return undefined;
        throw err;
      },
    );
    return this.#current;
  }

  /** Read again from the container (the app may have rewritten it). */
  reread(): Promise<ServarrConfigXml | undefined> {
    this.#current = undefined;
    return this.read();
  }

  /**
   * Sets `settings`, keeping every other element, and writes the file if anything changed.
   * Returns the settings whose value changed (empty: nothing written).
   */
  async update(settings: ServarrConfigSettings): Promise<(keyof ServarrConfigSettings)[]> {
    const before = await this.read();
    const after = (before ?? ServarrConfigXml.create({})).with(settings);
    const previous = before?.settings ?? {};
    const changed = (Object.keys(settings) as (keyof ServarrConfigSettings)[]).filter(
      (key) => settings[key] !== undefined && previous[key] !== settings[key],
    );
    if (before && after.toString() === before.toString()) return [];
    await pushAsFolderOwner(this.pebble, CONFIG_XML_PATH, after.toString(), 0o600);
    this.#current = Promise.resolve(after);
    return changed;
  }
}
