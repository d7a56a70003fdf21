import type { CharmContext } from "@charmarr/charm";

/** What became of one download-client relation in this hook. */
export type DownloadClientOutcome = { relationId: number; remoteApp: string } & (
  | {
      state: "registered";
      /** The client's name in the app (the provider's instance-name) and its id there. */
      name: string;
      id: number;
      action: "kept" | "added" | "updated";
      /** Something to know that does not stop it working (e.g. saved before the downloader had our category). */
      note?: string;
    }
  | { state: "waiting"; reason: string }
);

export interface DownloadClientSync {
  /** One per live download-client relation, in relation order. */
  outcomes: DownloadClientOutcome[];
  /** Clients removed in this hook because their relation is gone. */
  removed: { id: number; name: string }[];
  /**
   * The app itself failed a call (down, refused the charm's key): nothing that needed it was
   * done, removals of gone relations' clients included; the next hook tries again.
   */
  problem?: string;
}

/** The Waiting message for the relations that wait, or undefined when none does. */
export function downloadClientsWaiting(sync: DownloadClientSync): string | undefined {
  const reasons = new Set(sync.outcomes.flatMap((o) => (o.state === "waiting" ? [o.reason] : [])));
  if (sync.problem !== undefined) reasons.add(sync.problem);
  return reasons.size === 0 ? undefined : [...reasons].join("; ");
}

/** Sets Waiting when a download-client relation waits; reports nothing otherwise. */
export function reportDownloadClients(ctx: CharmContext<unknown>, sync: DownloadClientSync): void {
  const waiting = downloadClientsWaiting(sync);
  if (waiting !== undefined) ctx.status.waiting(waiting);
}
