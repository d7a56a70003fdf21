import type { CharmContext, Relation } from "@charmarr/charm";
import { apiKeyContent, readGrantedSecret } from "@charmarr/secrets";
import type { MediaManagerKind } from "../media-kinds";
import { MEDIA_INDEXER, publishMediaIndexerRequirer, readMediaIndexerProvider } from "./media-indexer-data";

/** The related Prowlarr: where it is and its key, or why it cannot be used yet. */
export type RelatedIndexer =
  | { state: "none" }
  | { state: "ready"; relation: Relation; remoteApp: string; apiUrl: string; apiKey: string }
  | { state: "waiting"; reason: string };

/**
 * The requirer side of media-indexer (Radarr, Sonarr; limit 1; leader only): publish `manager`
 * and `instance-name`, then read Prowlarr's URL and its key from the secret it granted (with a
 * consumer label and `--refresh`, so its rotations bring secret-changed).
 */
export async function readMediaIndexer(
  ctx: CharmContext<unknown>,
  manager: MediaManagerKind,
): Promise<RelatedIndexer> {
  const [relation] = await ctx.relations(MEDIA_INDEXER);
  if (!relation) return { state: "none" };
  const remoteApp = await relation.remoteApp();
  const [, provider] = await Promise.all([
    publishMediaIndexerRequirer(relation, { manager, instanceName: ctx.app.name }),
    readMediaIndexerProvider(relation),
  ]);
  if (!provider.ok) {
    const reason =
      provider.reason === "no data yet"
        ? `waiting for ${remoteApp} to publish its URL and API key on ${MEDIA_INDEXER}`
        : `ignoring ${MEDIA_INDEXER} data from ${remoteApp}: ${provider.reason}`;
    return { state: "waiting", reason };
  }
  const key = await readGrantedSecret(ctx, relation, provider.data.apiKeySecretId, apiKeyContent);
  if (!key.ok) return { state: "waiting", reason: key.reason };
  return {
    state: "ready",
    relation,
    remoteApp,
    apiUrl: provider.data.apiUrl,
    apiKey: key.content["api-key"],
  };
}
