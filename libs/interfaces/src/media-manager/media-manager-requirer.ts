import type { CharmContext, Relation } from "@charmarr/charm";
import { MEDIA_MANAGER, type MediaManagerProvider, readMediaManagerProvider } from "./media-manager-data";

/** One related media manager, or why its data cannot be used yet. */
export type RelatedMediaManager =
  | { ok: true; relation: Relation; remoteApp: string; data: MediaManagerProvider }
  | { ok: false; relation: Relation; remoteApp: string; reason: string };

/**
 * The requirer side of media-manager (a media server such as Plex): each related manager's URL,
 * kind and root folders, by relation; bad or missing data is a reason to wait on that relation.
 * The requirer publishes nothing, and no secret travels on this interface.
 */
export async function readMediaManagers(ctx: CharmContext<unknown>): Promise<RelatedMediaManager[]> {
  const relations = await ctx.relations(MEDIA_MANAGER);
  return Promise.all(
    relations.map(async (relation): Promise<RelatedMediaManager> => {
      const [remoteApp, parsed] = await Promise.all([
        relation.remoteApp(),
        readMediaManagerProvider(relation),
      ]);
      if (parsed.ok) return { ok: true, relation, remoteApp, data: parsed.data };
      const reason =
        parsed.reason === "no data yet"
          ? `waiting for ${remoteApp} to publish its URL and root folders on ${MEDIA_MANAGER}:${relation.id}`
          : parsed.reason;
      return { ok: false, relation, remoteApp, reason };
    }),
  );
}
