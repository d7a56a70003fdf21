import type { CharmContext } from "@charmarr/charm";
import * as z from "zod";

// Which download clients in the app are the charm's: the ones it added (or took over) for a
// download-client relation, remembered by their id in the app. Clients an operator added by hand
// are never in this list, so they are never changed or removed. Each entry also holds the
// fingerprint of the credential last sent (see credential-fingerprint.ts), never the credential.

export const managedClientSchema = z.object({
  /** The download client's id in the app. */
  id: z.int().positive(),
  /** The download-client relation it was registered for. */
  relation: z.int().nonnegative(),
  /** Its name when last written (the provider's instance-name). */
  name: z.string(),
  /** Fingerprint of the password or API key last sent for it. */
  credential: z.string(),
});
export type ManagedClient = z.infer<typeof managedClientSchema>;

export const managedClientsSchema = z.object({
  /** The key of this charm's fingerprints. */
  salt: z.string().min(16),
  clients: z.array(managedClientSchema),
});
export type ManagedClients = z.infer<typeof managedClientsSchema>;

/**
 * Where the charm keeps its ManagedClients between hooks. Any store works that gives back what
 * was written: Juju unit state (unitStateMemory), or a file beside the app's database.
 */
export interface DownloadClientMemory {
  /** What write() stored last, or undefined. Parsed by the caller: anything may come back. */
  read(): Promise<unknown>;
  write(value: ManagedClients): Promise<void>;
}

/** The default state key. */
export const MANAGED_CLIENTS_STATE_KEY = "managed-download-clients";

/**
 * Juju unit state (`state-get`/`state-set`), as JSON under one key. Committed with the hook, so a
 * failed hook forgets what it wrote; the next hook finds its clients again by name.
 */
export function unitStateMemory(
  ctx: CharmContext<unknown>,
  key: string = MANAGED_CLIENTS_STATE_KEY,
): DownloadClientMemory {
  return {
    async read() {
      const text = await ctx.tools.stateGetKey(key);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    },
    async write(value) {
      await ctx.tools.stateSet({ [key]: JSON.stringify(value) });
    },
  };
}

/** What a memory holds, or undefined when it holds nothing usable (logged by the caller). */
export function parseManagedClients(value: unknown): ManagedClients | undefined {
  const parsed = managedClientsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
