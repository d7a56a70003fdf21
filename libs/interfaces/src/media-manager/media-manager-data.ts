import type { ParsedDatabag, Relation } from "@charmarr/charm";
import * as z from "zod";
import { apiUrlField, appNameField, pathListField } from "../databag-fields";
import { type MediaManagerKind, mediaManagerKind } from "../media-kinds";
import { publishAppData } from "../publish-app-data";

/** The endpoint name on both sides of the relation. */
export const MEDIA_MANAGER = "media-manager";

/**
 * media-manager: Radarr/Sonarr provide their URL and root folders (e.g. for Plex libraries).
 * No secret travels here. The requirer side publishes nothing.
 */

export interface MediaManagerProvider {
  apiUrl: string;
  manager: MediaManagerKind;
  instanceName: string;
  rootFolders: string[];
}

const providerBag = z.object({
  "api-url": apiUrlField,
  manager: mediaManagerKind,
  "instance-name": appNameField,
  "root-folders": pathListField,
});

const providerSchema = providerBag.transform(
  (bag): MediaManagerProvider => ({
    apiUrl: bag["api-url"],
    manager: bag.manager,
    instanceName: bag["instance-name"],
    rootFolders: bag["root-folders"],
  }),
);

const PROVIDER = {
  name: "media-manager provider",
  keys: Object.keys(providerBag.shape),
  schema: providerSchema,
};

/** Radarr's/Sonarr's side (leader only). */
export async function publishMediaManagerProvider(
  relation: Relation,
  data: MediaManagerProvider,
): Promise<void> {
  await publishAppData(relation, PROVIDER, {
    "api-url": data.apiUrl,
    manager: data.manager,
    "instance-name": data.instanceName,
    "root-folders": JSON.stringify(data.rootFolders),
  });
}

/** What the manager published, as the requirer sees it. */
export function readMediaManagerProvider(relation: Relation): Promise<ParsedDatabag<MediaManagerProvider>> {
  return relation.parseRemoteAppData(providerSchema);
}
