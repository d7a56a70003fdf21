import type { CharmContext } from "@charmarr/charm";
import { mediaFolderFor } from "@charmarr/interfaces";
import { type MediaManagerApp, MediaManagerClient } from "@charmarr/workloads";
import * as z from "zod";
import { reportDownloadClients, syncDownloadClients } from "../download-clients";
import { provideMediaIndexer } from "./media-indexer-provider";
import { registerInProwlarr } from "./media-indexer-requirer";
import { provideMediaManager, reconcileRootFolders } from "./media-manager-provider";
import { prefetchRelations, ServarrCharm, type StartResult } from "./servarr-charm";
import type { ServarrCharmSpec } from "./servarr-charm-spec";
import { type ServarrConfig, servarrConfigOptions } from "./servarr-config";

type Ctx = CharmContext<unknown>;
type Running = Extract<StartResult, { ok: true }>;

/** Prowlarr: the indexer manager every media manager registers itself in. */
export class ProwlarrCharm extends ServarrCharm {
  constructor(spec: Omit<ServarrCharmSpec, "app">) {
    super({ ...spec, app: "prowlarr" });
  }

  protected override prefetch(ctx: Ctx): void {
    prefetchRelations(ctx, [{ endpoint: "media-indexer", reads: ["remoteApp", "localAppData"] }]);
  }

  /** Grant the key and publish the URL on media-indexer; remove registrations of apps gone. */
  async provideMediaIndexer(ctx: Ctx, app: Running): Promise<void> {
    await provideMediaIndexer(ctx, this.apiKey, app);
  }
}

export interface MediaManagerConfig extends ServarrConfig {
  "root-folder": string;
}

/** `root-folder`: an absolute path, or empty for none; the example is the manager's own default. */
export const rootFolderOptionFor = (manager: MediaManagerApp) =>
  z
    .string()
    .refine((value) => value === "" || (value.startsWith("/") && !value.includes("\0") && !/\s$/.test(value)))
    .describe(`an absolute path such as /data/media/${mediaFolderFor(manager)}, or empty`);
export const rootFolderOption = rootFolderOptionFor("radarr");

/** Radarr or Sonarr: registers itself in Prowlarr, serves media servers its root folders. */
export class MediaManagerCharm extends ServarrCharm {
  declare readonly spec: ServarrCharmSpec & { app: MediaManagerApp };

  protected override prefetch(ctx: Ctx): void {
    prefetchRelations(ctx, [
      { endpoint: "media-indexer", reads: ["remoteApp", "remoteAppData", "localAppData"] },
      { endpoint: "media-manager", reads: ["localAppData"] },
      { endpoint: "download-client", reads: ["remoteApp", "remoteAppData", "localAppData"] },
    ]);
  }

  override get config(): Record<string, z.ZodType> {
    return { ...servarrConfigOptions, "root-folder": rootFolderOptionFor(this.spec.app) };
  }

  /** The configured root folder in place; every root folder the app has (undefined: unknown). */
  rootFolders(ctx: Ctx, app: Running): Promise<string[] | undefined> {
    const wanted = (ctx.config as MediaManagerConfig)["root-folder"] ?? "";
    return reconcileRootFolders(ctx, this.spec.app, app, wanted);
  }

  /** Publish URL, kind, name and root folders on every media-manager relation. */
  async provideMediaManager(
    ctx: Ctx,
    app: Running,
    rootFolders: readonly string[] | undefined,
  ): Promise<void> {
    if (rootFolders === undefined) return;
    await provideMediaManager(ctx, this.spec.app, app, rootFolders);
  }

  /**
   * Register every related downloader (download-client) in this app and follow its rotations;
   * remove the ones whose relation is gone. What was registered is remembered in the charm's
   * record beside the app's database, by fingerprint only.
   */
  async registerDownloadClients(ctx: Ctx, app: Running): Promise<void> {
    const { app: manager } = this.spec;
    const sync = await syncDownloadClients(ctx, {
      manager,
      client: new MediaManagerClient({ app: manager, url: app.localApiUrl, apiKey: app.apiKey }),
      memory: {
        read: async () => (await app.record.read()).downloadClients,
        write: (managed) => app.record.update({ downloadClients: managed }),
      },
    });
    reportDownloadClients(ctx, sync);
  }

  /** Register in the related Prowlarr (media-indexer) with this app's URL and key. */
  async registerInProwlarr(ctx: Ctx, app: Running): Promise<void> {
    const outcome = await registerInProwlarr(ctx, this.spec.app, app);
    if (outcome.state === "waiting") ctx.status.waiting(outcome.reason);
  }
}

export function prowlarrCharm(spec: Omit<ServarrCharmSpec, "app">): ProwlarrCharm {
  return new ProwlarrCharm(spec);
}

export function mediaManagerCharm(spec: ServarrCharmSpec & { app: MediaManagerApp }): MediaManagerCharm {
  return new MediaManagerCharm(spec);
}
