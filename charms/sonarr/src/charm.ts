import {
  reconcileMediaPermissions,
  reconcileRootFolders,
  registerDownloadClients,
  registerInProwlarr,
  rootFolderOption,
  servarrApiKey,
  servarrConfigOptions,
  servarrSteady,
  startServarr,
} from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import { provideMediaManager } from "@charmarr/interfaces";
import metadata from "../charmcraft.yaml";
import { sonarr } from "./sonarr-app";

/**
 * Sonarr manages TV series. Its API key is a Juju secret the charm rotates live; it registers
 * itself in the related Prowlarr (media-indexer) with its own URL and key, and tells media
 * servers where its files are (media-manager). Downloaders related on `download-client` are
 * registered as its download clients, and follow every rotation of their credentials.
 */
const apiKey = servarrApiKey(sonarr);
const steady = servarrSteady(sonarr);

export default defineCharm({
  metadata,
  config: { ...servarrConfigOptions, "root-folder": rootFolderOption(sonarr.app) },
  features: [apiKey.feature],
  async reconcile(ctx) {
    // A steady hook: the app answers, config.xml and the config as the last full hook left them.
    const kept = await steady.check(ctx);
    if (kept) return ctx.status.active(kept.message);
    // The key, config.xml, the app on the leader, ready; and (update-status only) how the last hook left the unit.
    const [app, repaired] = await Promise.all([startServarr(ctx, sonarr, apiKey), ctx.steadyStatus()]);
    if (!app.ok) return;
    // An update-status that found drift: registrations and relation data change only with their
    // own events.
    if (repaired) {
      await steady.remember(ctx, app.pebble);
      return ctx.status.active(repaired.message);
    }
    await Promise.all([
      reconcileRootFolders(ctx, sonarr.app, app).then((rootFolders) =>
        provideMediaManager(ctx, { manager: sonarr.app, apiUrl: app.apiUrl, rootFolders }),
      ),
      registerInProwlarr(ctx, sonarr.app, app),
      registerDownloadClients(ctx, sonarr.app, app),
      reconcileMediaPermissions(ctx, sonarr.app, app),
    ]);
    await steady.remember(ctx, app.pebble);
    ctx.status.active();
  },
});
