import { declareMetadata, defineCharm } from "@charmarr/charm";
import {
  type MediaManagerKind,
  publishDownloadClientRequirer,
  readDownloadClientProvider,
} from "@charmarr/interfaces";
import { apiKeyContent, credentialsContent, readGrantedSecret } from "@charmarr/secrets";
import {
  QbittorrentAuthError,
  QbittorrentBannedError,
  QbittorrentClient,
  SabnzbdClient,
} from "@charmarr/workloads";
import { parse } from "yaml";

// A media manager for the downloader charms' tests, in-process: it says which manager it is
// (config `manager`) so the downloader makes its category, reads the credential the downloader
// granted (readGrantedSecret: latest revision, consumer label, secret-changed on rotation) and
// uses it against the REAL app, as Radarr would. What each unit last saw is in `consumerViews`.

export const DOWNLOAD_CONSUMER_YAML = `
name: download-consumer
type: charm
summary: a media manager that only uses a download client
description: test charm
config:
  options:
    manager:
      type: string
      default: radarr
      description: The manager kind it publishes.
requires:
  download-client:
    interface: download-client
`;

export interface ConsumerView {
  relationId: number;
  client: "qbittorrent" | "sabnzbd";
  apiUrl: string;
  /** The credential's values as read (password, or API key). */
  credential: Record<string, string>;
  /** Did the real app take it when this unit last checked? */
  accepted: boolean;
  /** Wall-clock time (ms) this unit last read the credential and checked it. */
  seenAt: number;
}

/** unit -> what it uses now; removed when its relation goes. */
export const consumerViews = new Map<string, ConsumerView>();
/** unit -> logins/keys the real app refused to this consumer (each qBittorrent one counts towards the ban). */
export const consumerRefusals = new Map<string, number>();

async function appTakes(client: ConsumerView["client"], url: string, credential: Record<string, string>) {
  if (client === "sabnzbd") {
    return new SabnzbdClient({ url, apiKey: credential["api-key"] as string, retries: 0 }).acceptsKey();
  }
  const qbt = new QbittorrentClient({
    url,
    username: credential.username as string,
    password: credential.password as string,
    retries: 0,
  });
  try {
    await qbt.version();
    return true;
  } catch (err) {
    if (err instanceof QbittorrentAuthError || err instanceof QbittorrentBannedError) return false;
    throw err;
  } finally {
    await qbt.close();
  }
}

export const downloadConsumerCharm = defineCharm({
  metadata: declareMetadata<{ manager: string }>(parse(DOWNLOAD_CONSUMER_YAML)),
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    const [relation] = await ctx.relations("download-client");
    if (!relation) {
      consumerViews.delete(ctx.unit.name);
      ctx.status.blocked("needs a download-client relation");
      return;
    }
    await publishDownloadClientRequirer(relation, {
      manager: ctx.config.manager as MediaManagerKind,
      instanceName: ctx.app.name,
    });
    const provider = await readDownloadClientProvider(relation);
    if (!provider.ok) return ctx.status.waiting(provider.reason);
    const { client, apiUrl, secretId } = provider.data;
    const secret =
      client === "sabnzbd"
        ? await readGrantedSecret(ctx, relation, secretId, apiKeyContent)
        : await readGrantedSecret(ctx, relation, secretId, credentialsContent);
    if (!secret.ok) return ctx.status.waiting(secret.reason);
    const credential = secret.content as Record<string, string>;
    const accepted = await appTakes(client, apiUrl, credential);
    if (!accepted) consumerRefusals.set(ctx.unit.name, (consumerRefusals.get(ctx.unit.name) ?? 0) + 1);
    consumerViews.set(ctx.unit.name, {
      relationId: relation.id,
      client,
      apiUrl,
      credential,
      accepted,
      seenAt: Date.now(),
    });
    if (accepted) ctx.status.active(`using ${await relation.remoteApp()}`);
    else ctx.status.waiting(`${await relation.remoteApp()} refuses the credential it granted`);
  },
});
