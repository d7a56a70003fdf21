import { type MediaManagerConfig, mediaManagerCharm } from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import metadata from "../charmcraft.yaml";

/**
 * Sonarr manages TV series. Its API key is a Juju secret the charm rotates live; it registers
 * itself in the related Prowlarr (media-indexer) with its own URL and key, and tells media
 * servers where the series are (media-manager). Downloaders related on `download-client` are registered as
 * its download clients, and follow every rotation of their credentials.
 */
const sonarr = mediaManagerCharm({
  app: "sonarr",
  container: "sonarr",
  command: "/app/sonarr/bin/Sonarr -nobrowser -data=/config",
  port: 8989,
});

export default defineCharm<MediaManagerConfig>({
  metadata,
  config: sonarr.config,
  features: sonarr.features,
  async reconcile(ctx) {
    const app = await sonarr.start(ctx); // the key, config.xml, the app on the leader, ready
    if (!app.ok) return;
    await Promise.all([
      sonarr.rootFolders(ctx, app).then((folders) => sonarr.provideMediaManager(ctx, app, folders)),
      sonarr.registerInProwlarr(ctx, app),
      sonarr.registerDownloadClients(ctx, app),
    ]);
    ctx.status.active();
  },
});
