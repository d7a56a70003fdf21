import { type PebbleClient, PebblePathError } from "@charmarr/pebble";
import * as z from "zod";

/**
 * What the charm remembers about what it did to its app: kept beside the app's own database in
 * /config (the unit's storage), so it lives and dies with the state it describes (a new leader
 * starts a fresh app, and finds no record). Read with one Pebble call, no hook-tool process.
 * Never holds a credential: a registration is remembered by a fingerprint.
 */
export const CHARM_RECORD_PATH = "/config/.charmarr.json";

const recordSchema = z.looseObject({
  /** Prowlarr: the applications the charm manages (named after related Juju apps). */
  managedApplications: z.array(z.string()).optional(),
  /** Radarr/Sonarr: their own registration in Prowlarr, as last written. */
  registration: z
    .object({ prowlarrUrl: z.string(), id: z.int(), fingerprint: z.string(), salt: z.string().optional() })
    .optional(),
  /** Radarr/Sonarr: the root folder the charm added. */
  rootFolder: z.string().optional(),
  /** Radarr/Sonarr: the download clients the charm registered (parsed by libs/app-charm/src/download-client-registration). */
  downloadClients: z.unknown().optional(),
});
export type CharmRecord = z.infer<typeof recordSchema>;

export class CharmRecordFile {
  #current: Promise<CharmRecord> | undefined;
  /** Updates from concurrent tasks of one hook apply one after the other, so none is lost. */
  #updates: Promise<void> = Promise.resolve();

  constructor(readonly pebble: PebbleClient) {}

  /** The record; empty when there is none, or when it cannot be read (it is only a cache of intent). */
  read(): Promise<CharmRecord> {
    this.#current ??= this.pebble.pull(CHARM_RECORD_PATH).then(
      (text) => {
        try {
          const parsed = recordSchema.safeParse(JSON.parse(text));
          return parsed.success ? parsed.data : {};
        } catch {
          return {};
        }
      },
      (err) => {
        if (err instanceof PebblePathError && err.kind === "not-found") return {};
        throw err;
      },
    );
    return this.#current;
  }

  /** Changes some entries (undefined removes one); writes only when something changed. */
  update(change: Partial<CharmRecord>): Promise<void> {
    const next = this.#updates.then(() => this.#update(change));
    this.#updates = next.catch(() => undefined);
    return next;
  }

  async #update(change: Partial<CharmRecord>): Promise<void> {
    const before = await this.read();
    const after: CharmRecord = { ...before };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete after[key];
      else after[key] = value;
    }
    if (JSON.stringify(after) === JSON.stringify(before)) return;
    await this.pebble.push(CHARM_RECORD_PATH, `${JSON.stringify(after, null, 2)}\n`, {
      permissions: 0o600,
      makeDirs: true,
    });
    this.#current = Promise.resolve(after);
  }
}
