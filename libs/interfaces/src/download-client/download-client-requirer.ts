import type { CharmContext, Relation } from "@charmarr/charm";
import {
  type ApiKeyContent,
  apiKeyContent,
  type CredentialsContent,
  credentialsContent,
  readGrantedSecret,
} from "@charmarr/secrets";
import type { MediaManagerKind } from "../media-kinds";
import {
  DOWNLOAD_CLIENT,
  type DownloadClientProvider,
  publishDownloadClientRequirer,
  readDownloadClientProvider,
} from "./download-client-data";

/** What a related download client offers: where it is, and the credential it granted. */
export type OfferedCredential =
  | { client: "qbittorrent"; content: CredentialsContent }
  | { client: "sabnzbd"; content: ApiKeyContent };

/** One relation's download client, or why it cannot be used yet. */
export type RelatedDownloadClient =
  | {
      ok: true;
      relation: Relation;
      remoteApp: string;
      provider: DownloadClientProvider;
      credential: OfferedCredential;
    }
  | { ok: false; relation: Relation; remoteApp: string; reason: string };

/**
 * The requirer side of download-client (Radarr, Sonarr; leader only): publish `manager` and
 * `instance-name` (this application's name, the category the downloader makes for it) on every
 * relation, then read each downloader's data and the secret it granted, with a consumer label
 * and `--refresh` so every rotation brings a secret-changed hook. Missing or bad data, or a
 * grant not visible yet, is a reason to wait on that relation, never a failed hook.
 */
export async function readDownloadClients(
  ctx: CharmContext<unknown>,
  manager: MediaManagerKind,
  relations?: readonly Relation[],
): Promise<RelatedDownloadClient[]> {
  const related = [...(relations ?? (await ctx.relations(DOWNLOAD_CLIENT)))].sort((a, b) => a.id - b.id);
  await Promise.all(
    related.map((relation) =>
      publishDownloadClientRequirer(relation, { manager, instanceName: ctx.app.name }),
    ),
  );
  return Promise.all(related.map((relation) => readOne(ctx, relation)));
}

async function readOne(ctx: CharmContext<unknown>, relation: Relation): Promise<RelatedDownloadClient> {
  const remoteApp = await relation.remoteApp();
  const waiting = (reason: string): RelatedDownloadClient => ({ ok: false, relation, remoteApp, reason });
  const provider = await readDownloadClientProvider(relation);
  if (!provider.ok) {
    // An empty databag is not garbage: the downloader has not published yet.
    return waiting(
      provider.reason === "no data yet"
        ? `waiting for ${remoteApp} to publish its URL and credentials on ${relation.endpoint}:${relation.id}`
        : provider.reason,
    );
  }
  const { client, secretId } = provider.data;
  let credential: OfferedCredential;
  if (client === "qbittorrent") {
    const secret = await readGrantedSecret(ctx, relation, secretId, credentialsContent);
    if (!secret.ok) return waiting(secret.reason);
    credential = { client, content: secret.content };
  } else {
    const secret = await readGrantedSecret(ctx, relation, secretId, apiKeyContent);
    if (!secret.ok) return waiting(secret.reason);
    credential = { client, content: secret.content };
  }
  return { ok: true, relation, remoteApp, provider: provider.data, credential };
}
