import type { CharmContext, Relation } from "@charmarr/charm";
import {
  MEDIA_STORAGE,
  type MediaStorageProvider,
  publishMediaStorageProvider,
  readMediaStorageRequirer,
} from "./media-storage-data";

/** One consumer of the storage: its name from Juju (the relation's remote app), never the databag. */
export interface MediaStorageConsumer {
  relation: Relation;
  remoteApp: string;
}

/**
 * The provider side of media-storage (the storage charm; leader only): publish the claim and
 * ids on every relation, or withdraw them (undefined) while the claim cannot be used, so no
 * consumer mounts a claim that is missing, lost or not bound. Returns the consumers, by the
 * name Juju gives them; an `instance-name` that claims another name is only worth a warning.
 */
export async function provideMediaStorage(
  ctx: CharmContext<unknown>,
  data: MediaStorageProvider | undefined,
): Promise<MediaStorageConsumer[]> {
  const relations = await ctx.relations(MEDIA_STORAGE);
  return Promise.all(
    relations.map(async (relation): Promise<MediaStorageConsumer> => {
      const [remoteApp, requirer] = await Promise.all([
        relation.remoteApp(),
        readMediaStorageRequirer(relation),
        publishMediaStorageProvider(relation, data),
      ]);
      if (requirer.ok && requirer.data.instanceName !== remoteApp) {
        ctx.log.warn(
          { relation: `${MEDIA_STORAGE}:${relation.id}`, remoteApp },
          "the consumer's instance-name is not its application name; using the application name",
        );
      }
      return { relation, remoteApp };
    }),
  );
}
