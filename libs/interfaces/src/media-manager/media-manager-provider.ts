import type { CharmContext } from "@charmarr/charm";
import { isPublishablePath, MAX_PATHS } from "../databag-fields";
import type { MediaManagerKind } from "../media-kinds";
import { MEDIA_MANAGER, publishMediaManagerProvider } from "./media-manager-data";

/**
 * The provider side of media-manager (Radarr, Sonarr; leader only): URL, kind, instance name
 * and root folders on every relation. Undefined root folders (the app could not say; a status
 * says why) publish nothing new.
 */
export async function provideMediaManager(
  ctx: CharmContext<unknown>,
  data: { manager: MediaManagerKind; apiUrl: string; rootFolders: readonly string[] | undefined },
): Promise<void> {
  if (data.rootFolders === undefined) return;
  // A root folder added by hand in the app that the other side would refuse is left out (with a
  // warning), rather than failing every publish.
  const rootFolders = data.rootFolders.filter((folder) => isPublishablePath(folder)).slice(0, MAX_PATHS);
  if (rootFolders.length < data.rootFolders.length) {
    ctx.log.warn(
      { published: rootFolders.length, of: data.rootFolders.length },
      "some root folders cannot be published",
    );
  }
  const relations = await ctx.relations(MEDIA_MANAGER);
  await Promise.all(
    relations.map((relation) =>
      publishMediaManagerProvider(relation, {
        apiUrl: data.apiUrl,
        manager: data.manager,
        instanceName: ctx.app.name,
        rootFolders: [...rootFolders],
      }),
    ),
  );
}
