import type { ParsedDatabag, Relation } from "@charmarr/charm";
import * as z from "zod";
import { apiUrlField, appNameField, secretIdField } from "../databag-fields";
import { type MediaManagerKind, mediaManagerKind } from "../media-kinds";
import { publishAppData } from "../publish-app-data";

/** The endpoint name on both sides of the relation. */
export const MEDIA_INDEXER = "media-indexer";

/**
 * media-indexer: Prowlarr provides, Radarr/Sonarr require. Prowlarr grants its `api-key`
 * secret on the relation; the requirer reads it and registers itself as a Prowlarr
 * application with its own URL and its own key.
 */

export interface MediaIndexerProvider {
  apiUrl: string;
  apiKeySecretId: string;
  indexer: "prowlarr";
}

export interface MediaIndexerRequirer {
  manager: MediaManagerKind;
  instanceName: string;
}

const providerBag = z.object({
  "api-url": apiUrlField,
  "api-key-secret-id": secretIdField,
  indexer: z.literal("prowlarr"),
});

const providerSchema = providerBag.transform(
  (bag): MediaIndexerProvider => ({
    apiUrl: bag["api-url"],
    apiKeySecretId: bag["api-key-secret-id"],
    indexer: bag.indexer,
  }),
);

const requirerBag = z.object({
  manager: mediaManagerKind,
  "instance-name": appNameField,
});

const requirerSchema = requirerBag.transform(
  (bag): MediaIndexerRequirer => ({ manager: bag.manager, instanceName: bag["instance-name"] }),
);

const PROVIDER = {
  name: "media-indexer provider",
  keys: Object.keys(providerBag.shape),
  schema: providerSchema,
};
const REQUIRER = {
  name: "media-indexer requirer",
  keys: Object.keys(requirerBag.shape),
  schema: requirerSchema,
};

/** Prowlarr's side (leader only). */
export async function publishMediaIndexerProvider(
  relation: Relation,
  data: Omit<MediaIndexerProvider, "indexer">,
): Promise<void> {
  await publishAppData(relation, PROVIDER, {
    "api-url": data.apiUrl,
    "api-key-secret-id": data.apiKeySecretId,
    indexer: "prowlarr",
  });
}

/** What Prowlarr published, as the requirer sees it. */
export function readMediaIndexerProvider(relation: Relation): Promise<ParsedDatabag<MediaIndexerProvider>> {
  return relation.parseRemoteAppData(providerSchema);
}

/** Radarr's/Sonarr's side (leader only). */
export async function publishMediaIndexerRequirer(
  relation: Relation,
  data: MediaIndexerRequirer,
): Promise<void> {
  await publishAppData(relation, REQUIRER, { manager: data.manager, "instance-name": data.instanceName });
}

/** What the manager published, as Prowlarr sees it. */
export function readMediaIndexerRequirer(relation: Relation): Promise<ParsedDatabag<MediaIndexerRequirer>> {
  return relation.parseRemoteAppData(requirerSchema);
}
