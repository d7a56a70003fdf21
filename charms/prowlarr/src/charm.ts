import {
  removeStaleRegistrations,
  routeNote,
  routeServarrTraffic,
  servarrApiKey,
  servarrConfigOptions,
  servarrSteady,
  startServarr,
} from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import { provideMediaIndexer } from "@charmarr/interfaces";
import metadata from "../charmcraft.yaml";
import { prowlarr } from "./prowlarr-app";

/**
 * Prowlarr keeps the indexers and pushes them to every media manager registered in it. Its API
 * key is a Juju secret the charm rotates live and grants on every media-indexer relation, so
 * Radarr and Sonarr register themselves; a manager no longer related loses its registration.
 * Related to a VPN gateway, its indexer traffic goes through the gateway's proxy.
 */
const apiKey = servarrApiKey(prowlarr);
const steady = servarrSteady(prowlarr);

export default defineCharm({
  metadata,
  config: servarrConfigOptions,
  features: [apiKey.feature],
  async reconcile(ctx) {
    // A steady hook: the app answers, config.xml and the config as the last full hook left them.
    const kept = await steady.check(ctx);
    if (kept) return ctx.status.active(kept.message);
    // The key, config.xml, the app on the leader, ready; and (update-status only) how the last hook left the unit.
    const [app, repaired] = await Promise.all([startServarr(ctx, prowlarr, apiKey), ctx.steadyStatus()]);
    if (!app.ok) return;
    // An update-status that found drift: the managers' relations and the VPN route change only
    // with their own events.
    if (repaired) {
      await steady.remember(ctx, app.pebble);
      return ctx.status.active(repaired.message);
    }
    // Published only once Prowlarr answers, so a manager never tries to register too early.
    const relations = await provideMediaIndexer(ctx, app.secret, app.apiUrl);
    await removeStaleRegistrations(ctx, app, relations);
    // Indexer searches and downloads through the VPN gateway, when one is related (applied live).
    const { route, failure } = await routeServarrTraffic(ctx, prowlarr, app);
    if (failure) return ctx.status.waiting(failure);
    if (route.route === "gateway" && route.tunnel === "down")
      return ctx.status.waiting(`VPN tunnel down on ${route.gateway}: indexer searches fail until it is up`);
    await steady.remember(ctx, app.pebble);
    ctx.status.active(route.route === "gateway" ? `indexers ${routeNote(route)}` : routeNote(route));
  },
});
