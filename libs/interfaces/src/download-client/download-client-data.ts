import type { ParsedDatabag, Relation } from "@charmarr/charm";
import * as z from "zod";
import { apiUrlField, appNameField, secretIdField } from "../databag-fields";
import {
  type DownloadClientKind,
  downloadClientKind,
  type MediaManagerKind,
  mediaManagerKind,
} from "../media-kinds";
import { publishAppData } from "../publish-app-data";

/** The endpoint name on both sides of the relation. */
export const DOWNLOAD_CLIENT = "download-client";

/**
 * download-client: qBittorrent/SABnzbd provide, Radarr/Sonarr require. The provider grants
 * its credential secret on the relation and publishes its ID under the key that names the
 * secret's shape; the requirer reads it and registers the client in itself. The provider
 * makes one category per requirer (`instance-name`, folder from `manager`).
 */

export interface DownloadClientProvider {
  apiUrl: string;
  client: DownloadClientKind;
  instanceName: string;
  /** qbittorrent: content `username`,`password` (credentialsContent); sabnzbd: `api-key` (apiKeyContent). */
  secretId: string;
}

export interface DownloadClientRequirer {
  manager: MediaManagerKind;
  instanceName: string;
}

type SecretIdKey = "credentials-secret-id" | "api-key-secret-id";

/** The databag key that carries each client's secret ID. */
export const DOWNLOAD_CLIENT_SECRET_ID_KEY: Record<DownloadClientKind, SecretIdKey> = {
  qbittorrent: "credentials-secret-id",
  sabnzbd: "api-key-secret-id",
};

const providerBag = z.object({
  "api-url": apiUrlField,
  client: downloadClientKind,
  "instance-name": appNameField,
  "credentials-secret-id": secretIdField.optional(),
  "api-key-secret-id": secretIdField.optional(),
});

const providerSchema = providerBag
  // Exactly one ID, under the key that matches the client: the requirer picks the secret's
  // schema from `client`, so a mismatch would be read as the wrong shape.
  .superRefine((bag, ctx) => {
    const wanted = DOWNLOAD_CLIENT_SECRET_ID_KEY[bag.client];
    if (wanted === undefined) return; // a bad client is already reported
    const present = (["credentials-secret-id", "api-key-secret-id"] as const).filter(
      (k) => bag[k] !== undefined,
    );
    if (!present.includes(wanted)) {
      ctx.addIssue({ code: "custom", path: [wanted], message: `required for ${bag.client}` });
    }
    for (const key of present) {
      if (key !== wanted)
        ctx.addIssue({ code: "custom", path: [key], message: `not expected for ${bag.client}` });
    }
  })
  .transform(
    (bag): DownloadClientProvider => ({
      apiUrl: bag["api-url"],
      client: bag.client,
      instanceName: bag["instance-name"],
      secretId: bag[DOWNLOAD_CLIENT_SECRET_ID_KEY[bag.client]] as string,
    }),
  );

const requirerBag = z.object({
  manager: mediaManagerKind,
  "instance-name": appNameField,
});

const requirerSchema = requirerBag.transform(
  (bag): DownloadClientRequirer => ({ manager: bag.manager, instanceName: bag["instance-name"] }),
);

const PROVIDER = {
  name: "download-client provider",
  keys: Object.keys(providerBag.shape),
  schema: providerSchema,
};
const REQUIRER = {
  name: "download-client requirer",
  keys: Object.keys(requirerBag.shape),
  schema: requirerSchema,
};

/** qBittorrent's/SABnzbd's side (leader only). The other client's secret-ID key is cleared. */
export async function publishDownloadClientProvider(
  relation: Relation,
  data: DownloadClientProvider,
): Promise<void> {
  await publishAppData(relation, PROVIDER, {
    "api-url": data.apiUrl,
    client: data.client,
    "instance-name": data.instanceName,
    [DOWNLOAD_CLIENT_SECRET_ID_KEY[data.client]]: data.secretId,
  });
}

/** What the download client published, as the manager sees it. */
export function readDownloadClientProvider(
  relation: Relation,
): Promise<ParsedDatabag<DownloadClientProvider>> {
  return relation.parseRemoteAppData(providerSchema);
}

/** Radarr's/Sonarr's side (leader only). */
export async function publishDownloadClientRequirer(
  relation: Relation,
  data: DownloadClientRequirer,
): Promise<void> {
  await publishAppData(relation, REQUIRER, { manager: data.manager, "instance-name": data.instanceName });
}

/** What the manager published, as the download client sees it. */
export function readDownloadClientRequirer(
  relation: Relation,
): Promise<ParsedDatabag<DownloadClientRequirer>> {
  return relation.parseRemoteAppData(requirerSchema);
}
