import type { CharmContext } from "@charmarr/charm";
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
  const { rootFolders } = data;
  if (rootFolders === undefined) return;
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
