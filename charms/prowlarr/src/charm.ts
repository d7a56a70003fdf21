import { prowlarrCharm, type ServarrConfig } from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import metadata from "../charmcraft.yaml";

/**
 * Prowlarr keeps the indexers and pushes them to every media manager registered in it. Its API
 * key is a Juju secret the charm rotates live and grants on every media-indexer relation, so
 * Radarr and Sonarr register themselves; a manager no longer related loses its registration.
 */
const prowlarr = prowlarrCharm({
  container: "prowlarr",
  command: "/app/prowlarr/bin/Prowlarr -nobrowser -data=/config",
  port: 9696,
});

export default defineCharm<ServarrConfig>({
  metadata,
  config: prowlarr.config,
  features: prowlarr.features,
  async reconcile(ctx) {
    const app = await prowlarr.start(ctx); // the key, config.xml, the app on the leader, ready
    if (!app.ok) return;
    await prowlarr.provideMediaIndexer(ctx, app);
    ctx.status.active();
  },
});
