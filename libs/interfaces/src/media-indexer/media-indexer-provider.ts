import type { CharmContext, Relation } from "@charmarr/charm";
import type { ApiKeyContent, OwnedSecret } from "@charmarr/secrets";
import { MEDIA_INDEXER, publishMediaIndexerProvider } from "./media-indexer-data";

/**
 * The provider side of media-indexer (Prowlarr; leader only): the `api-key` secret granted on
 * every relation (and on no other), Prowlarr's URL and the secret's ID published. Call it only
 * once Prowlarr answers, so a manager never tries to register too early. Returns the
 * relations, for the clean-up of applications no longer related.
 */
export async function provideMediaIndexer(
  ctx: CharmContext<unknown>,
  apiKey: OwnedSecret<ApiKeyContent>,
  apiUrl: string,
): Promise<Relation[]> {
  const relations = await ctx.relations(MEDIA_INDEXER);
  await Promise.all([
    apiKey.grant(relations),
    ...relations.map((relation) =>
      publishMediaIndexerProvider(relation, { apiUrl, apiKeySecretId: apiKey.id }),
    ),
  ]);
  return relations;
}
