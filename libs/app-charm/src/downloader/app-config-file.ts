import { type PebbleClient, PebblePathError } from "@charmarr/pebble";
import { type AppService, pushAsFolderOwner } from "../workload-service";

const MISSING_RETRIES = 2;
const MISSING_RETRY_MS = 50;

/** How `AppConfigFile.ensure` got the file right. */
export type ConfigFileChange = "unchanged" | "written" | "written-while-stopped";

/**
 * A config file the app reads at start and rewrites on its own (qBittorrent.conf, sabnzbd.ini):
 * both apps ignore edits made while they run and overwrite them on their next save or on exit
 * (specs/workloads.md §1.7, §2.7). So the file is only ever edited while the app is stopped,
 * and what the app saved on its way out is what gets edited. Written 0600: it holds the app's
 * credential (a hash for qBittorrent, the API key for SABnzbd).
 */
export class AppConfigFile {
  constructor(
    readonly pebble: PebbleClient,
    /** The path in the container. */
    readonly path: string,
    /** The Pebble service of the app that owns the file. */
    readonly service: string,
  ) {}

  /**
   * The file's text; undefined when there is none (before the app's first start). qBittorrent
   * saves by removing the file and renaming a new one into place, so a missing file is looked
   * for again briefly before it counts as missing.
   */
  async read(): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pebble.pull(this.path);
      } catch (err) {
        if (!(err instanceof PebblePathError && err.kind === "not-found")) throw err;
        if (attempt >= MISSING_RETRIES) return undefined;
        await new Promise((resolve) => setTimeout(resolve, MISSING_RETRY_MS));
      }
    }
  }

  async write(text: string): Promise<void> {
    await pushAsFolderOwner(this.pebble, this.path, text, 0o600);
  }

  /**
   * Makes the file `wanted(current)`. Nothing is written when it already is. When the app is
   * running it is stopped first (and left stopped: the caller's replan starts it again), and
   * `wanted` is applied to what the app saved on exit.
   */
  async ensure(wanted: (current: string | undefined) => Promise<string>): Promise<ConfigFileChange> {
    const current = await this.read();
    const next = await wanted(current);
    if (next === current) return "unchanged";
    if (!(await this.#running())) {
      await this.write(next);
      return "written";
    }
    await this.pebble.stopServices([this.service]);
    const saved = await this.read();
    const after = await wanted(saved);
    if (after !== saved) await this.write(after);
    return "written-while-stopped";
  }

  /**
   * Stop, edit, start, and wait until the app answers at `localUrl`: the path for a change the
   * running app cannot be asked to make (a credential the charm does not know the live value of).
   * Returns false when the app did not answer within its start timeout.
   */
  async rewriteAndRestart(
    wanted: (current: string | undefined) => Promise<string>,
    app: AppService,
    localUrl: string,
  ): Promise<boolean> {
    if (await this.#running()) await this.pebble.stopServices([this.service]);
    const saved = await this.read();
    const next = await wanted(saved);
    if (next !== saved) await this.write(next);
    return app.startAndWait(this.pebble, localUrl, "start");
  }

  async #running(): Promise<boolean> {
    const [info] = await this.pebble.getServices([this.service]);
    return info?.current === "active";
  }
}
