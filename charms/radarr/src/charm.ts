import { type MediaManagerConfig, mediaManagerCharm } from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import metadata from "../charmcraft.yaml";

/**
 * Radarr manages movies. Its API key is a Juju secret the charm rotates live; it registers
 * itself in the related Prowlarr (media-indexer) with its own URL and key, and tells media
 * servers where the movies are (media-manager). Downloaders related on `download-client` are registered as
 * its download clients, and follow every rotation of their credentials.
 */
const radarr = mediaManagerCharm({
  app: "radarr",
  container: "radarr",
  command: "/app/radarr/bin/Radarr -nobrowser -data=/config",
  port: 7878,
});

export default defineCharm<MediaManagerConfig>({
  metadata,
  config: radarr.config,
  features: radarr.features,
  async reconcile(ctx) {
    const app = await radarr.start(ctx); // the key, config.xml, the app on the leader, ready
    if (!app.ok) return;
    await Promise.all([
      radarr.rootFolders(ctx, app).then((folders) => radarr.provideMediaManager(ctx, app, folders)),
      radarr.registerInProwlarr(ctx, app),
      radarr.registerDownloadClients(ctx, app),
    ]);
    ctx.status.active();
  },
});
