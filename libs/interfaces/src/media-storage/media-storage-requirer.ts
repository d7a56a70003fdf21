import type { CharmContext, Relation } from "@charmarr/charm";
import {
  MEDIA_STORAGE,
  type MediaStorageProvider,
  publishMediaStorageRequirer,
  readMediaStorageProvider,
} from "./media-storage-data";

/** The media storage this app mounts, or why it cannot yet (no relation: `relation` undefined). */
export type RelatedMediaStorage =
  | { ok: true; relation: Relation; remoteApp: string; data: MediaStorageProvider }
  | { ok: false; relation: Relation | undefined; reason: string };

/**
 * The requirer side of media-storage (radarr, sonarr, qbittorrent, sabnzbd, plex; limit 1): the
 * leader publishes `instance-name` (this application's name); every unit reads the claim,
 * ids and umask. Missing or bad data (a mount path other than /data included) is a reason to
 * wait, with a warning for bad data; never a failed hook.
 */
export async function readMediaStorage(ctx: CharmContext<unknown>): Promise<RelatedMediaStorage> {
  const [relations, leader] = await Promise.all([ctx.relations(MEDIA_STORAGE), ctx.isLeader()]);
  const relation = relations[0];
  if (!relation) return { ok: false, relation, reason: `Waiting for ${MEDIA_STORAGE} relation` };
  const [remoteApp, provider] = await Promise.all([
    relation.remoteApp(),
    readMediaStorageProvider(relation),
    leader ? publishMediaStorageRequirer(relation, { instanceName: ctx.app.name }) : undefined,
  ]);
  if (provider.ok) return { ok: true, relation, remoteApp, data: provider.data };
  const reason =
    provider.reason === "no data yet"
      ? `waiting for ${remoteApp} to publish its claim on ${MEDIA_STORAGE}:${relation.id}`
      : provider.reason;
  return { ok: false, relation, reason };
}
