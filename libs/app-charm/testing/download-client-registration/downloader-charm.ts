import { type CharmContext, declareMetadata, defineCharm } from "@charmarr/charm";
import {
  type DownloadClientKind,
  publishDownloadClientProvider,
  readDownloadClientRequirer,
} from "@charmarr/interfaces";
import {
  apiKeyContent,
  type CredentialWorkload,
  credentialsContent,
  ownedSecret,
  randomApiKey,
  randomPassword,
} from "@charmarr/secrets";
import { parse } from "yaml";

// A tiny download-client provider for tests, in-process: it owns its credential as a Juju
// secret (created from what the app holds, rotated through the app), grants it on every
// download-client relation, publishes its URL (config `url`) and the secret's ID, and makes a
// category per related manager when its app can. It stands in for the qBittorrent and SABnzbd
// charms, which this library must not depend on.

export const downloaderYaml = (name: string) => `
name: ${name}
type: charm
summary: a download client for tests
description: test charm
config:
  options:
    url:
      type: string
      description: The download client's URL, as published.
    claim:
      type: string
      description: An instance-name to publish instead of its own (a lying downloader).
    rotation-interval:
      type: string
      default: monthly
      description: How often to rotate the credential.
actions:
  rotate-credentials:
    description: Rotate the credential now.
provides:
  download-client:
    interface: download-client
`;

export type QbittorrentCredentials = { username: string; password: string };
export type SabnzbdKey = { "api-key": string };
type ContentOf<K extends DownloadClientKind> = K extends "qbittorrent" ? QbittorrentCredentials : SabnzbdKey;

/** The app behind a test downloader: how its credential is applied and checked. */
export interface DownloaderApp<T> {
  /** The credential workload while the app is up; undefined postpones rotations. */
  workload(): CredentialWorkload<T> | undefined;
  /** Makes the category a manager files its downloads under. */
  createCategory?(name: string, folder: string): Promise<void>;
}

interface DownloaderConfig {
  url?: string;
  claim?: string;
  "rotation-interval": string;
}

export function downloaderCharm<K extends DownloadClientKind>(
  kind: K,
  name: string,
  app: (ctx: CharmContext<DownloaderConfig>) => DownloaderApp<ContentOf<K>>,
) {
  const credential = ownedSecret<ContentOf<K>>({
    label: kind === "qbittorrent" ? "credentials" : "api-key",
    description: `${kind} credential (test)`,
    schema: (kind === "qbittorrent" ? credentialsContent : apiKeyContent) as never,
    generate: () =>
      (kind === "qbittorrent"
        ? { username: "charm", password: randomPassword() }
        : { "api-key": randomApiKey() }) as ContentOf<K>,
    workload: async (ctx: CharmContext<DownloaderConfig>) => app(ctx).workload(),
  });
  const charm = defineCharm({
    metadata: declareMetadata<DownloaderConfig>(parse(downloaderYaml(name))),
    features: [credential.feature],
    async reconcile(ctx) {
      if (!(await ctx.isLeader())) return;
      const url = ctx.config.url;
      if (!url) {
        ctx.status.blocked("set url");
        return;
      }
      const secret = await credential.get(ctx);
      if (!secret.ok) {
        ctx.status.waiting(secret.reason);
        return;
      }
      const relations = await ctx.relations("download-client");
      // A relation being removed has lost its grant, and Juju refuses a grant on a dying
      // relation (the hook would fail): leave the departing relation out.
      const departing = ctx.event.kind === "relation-departed" ? ctx.event.relationId : undefined;
      await secret.secret.grant(relations.filter((r) => r.id !== departing));
      const theApp = app(ctx);
      for (const relation of relations) {
        await publishDownloadClientProvider(relation, {
          apiUrl: url,
          client: kind,
          instanceName: ctx.config.claim ?? ctx.app.name,
          secretId: secret.secret.id,
        });
        const manager = await readDownloadClientRequirer(relation);
        if (manager.ok && theApp.createCategory) {
          await theApp.createCategory(
            manager.data.instanceName,
            manager.data.manager === "sonarr" ? "tv" : "movies",
          );
        }
      }
      ctx.status.active();
    },
  });
  return { charm, credential };
}

/** A provider whose data is garbage: a URL that is not one. */
export const junkDownloaderCharm = defineCharm({
  metadata: parse(downloaderYaml("junk")),
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    for (const relation of await ctx.relations("download-client")) {
      await relation.setAppData({ "api-url": "not a url", client: "qbittorrent", "instance-name": "junk" });
    }
    ctx.status.active();
  },
});

/** A provider that publishes a secret ID it never grants. */
export const ungrantedDownloaderCharm = defineCharm({
  metadata: parse(downloaderYaml("stingy")),
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    let id: string;
    try {
      id = (await ctx.tools.secretInfoGet({ label: "api-key" })).id;
    } catch {
      id = await ctx.tools.secretAdd(
        { "api-key": randomApiKey() },
        { owner: "application", label: "api-key" },
      );
    }
    for (const relation of await ctx.relations("download-client")) {
      await publishDownloadClientProvider(relation, {
        apiUrl: "http://127.0.0.1:9",
        client: "sabnzbd",
        instanceName: ctx.app.name,
        secretId: id.startsWith("secret:") ? id : `secret:${id}`,
      });
    }
    ctx.status.active();
  },
});
