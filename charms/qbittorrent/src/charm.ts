import {
  makeMediaDirs,
  normaliseDownloadDir,
  reportDownloader,
  routeNote,
  startDownloader,
  steadyApp,
  syncManagerCategories,
} from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import { provideDownloadClient } from "@charmarr/interfaces";
import { credentialsContent, ownedSecret, randomPassword } from "@charmarr/secrets";
import metadata from "../charmcraft.yaml";
import { holdDownloads, routeDownloads } from "./downloads-route";
import { confFile, qbittorrentService } from "./qbittorrent-app";
import { categoryPath, qbittorrentCategories } from "./qbittorrent-categories";
import { qbittorrentOptions } from "./qbittorrent-config";
import { qbittorrentCredentials, USERNAME } from "./qbittorrent-credentials";
import { qbittorrentRoute, routeProxy } from "./qbittorrent-routing";
import { managedSettings, wantedConf } from "./qbittorrent-settings";
import { openTorrentPorts } from "./torrent-ports";

/**
 * qBittorrent downloads torrents for the related media managers. Its WebUI credentials are a
 * Juju secret the charm rotates live and grants on every download-client relation; each manager
 * gets a category saving under its media folder. The app keeps every protection on, and the
 * charm never risks its brute-force ban. Related to a VPN gateway, every connection goes through
 * its proxy; with the kill switch on, qBittorrent does not run without one and pauses its
 * torrents while the tunnel is down.
 */
const credentials = ownedSecret({
  label: "credentials",
  description: "qBittorrent WebUI credentials",
  schema: credentialsContent,
  generate: () => ({ username: USERNAME, password: randomPassword() }),
  workload: qbittorrentCredentials,
});

// qBittorrent saves a setting changed in its WebUI into qBittorrent.conf before it answers.
const steady = steadyApp({
  name: "qbittorrent",
  service: () => qbittorrentService,
  file: (pebble) => confFile(pebble).read(),
});

export default defineCharm({
  metadata,
  config: qbittorrentOptions,
  features: [credentials.feature],
  async reconcile(ctx) {
    // A steady hook: qBittorrent answers, its file and the config as the last full hook left them.
    const kept = await steady.check(ctx);
    if (kept) return ctx.status.active(kept.message);
    // Where its traffic goes: through the gateway, directly (kill-switch off), or nowhere.
    const route = await qbittorrentRoute(ctx);
    if (route.route === "held" && (await ctx.isLeader())) return holdDownloads(ctx, route);
    const routed = route.route === "gateway";

    // The credentials and the settings in qBittorrent.conf before the app starts; the app on the leader.
    const started = await startDownloader(
      ctx,
      qbittorrentService,
      credentials,
      async (pebble, _address, secret, media) => {
        const settings = managedSettings(ctx.config, media.storage.umask, routed);
        const verified = await qbittorrentCredentials(ctx); // this hook's, built once
        // The proxy goes into the file only for an app about to start (stopped, or stopped to write
        // it): a running app takes it live from the WebUI API (routeDownloads), rotations included.
        const [service] = await pebble.getServices([qbittorrentService.spec.container]);
        let stopped = service?.current !== "active";
        const change = await confFile(pebble).ensure(async (text) => {
          const proxy = stopped ? routeProxy(route) : undefined;
          stopped = true; // ensure's second call comes after it stopped the app
          return wantedConf(text, settings, secret, verified?.verifiedWith(text, secret) ?? false, proxy);
        });
        if (change !== "unchanged") ctx.log.info({ change }, "qBittorrent.conf updated");
        return { restart: false }; // a running app was stopped to write it: replan starts it again
      },
      normaliseDownloadDir(ctx.config["download-dir"]),
    );
    if (!started.ok) return;
    const { app, secret, media } = started;
    await openTorrentPorts(ctx, ctx.config["torrent-port"]);
    // The proxy and what it cannot carry, live; the torrents paused while the tunnel is down.
    const routing = await routeDownloads(ctx, app, secret.content, route);
    // A steady update-status: the managers' relations and categories change only with their own events.
    const repaired = await ctx.steadyStatus();
    if (repaired && routing.waiting.length === 0) {
      await steady.remember(ctx, app.pebble);
      return ctx.status.active(repaired.message);
    }

    const provided = await provideDownloadClient(ctx, {
      client: "qbittorrent",
      secret,
      apiUrl: app.publicUrl,
    });
    // Each manager's folder on the shared volume, shared as the stack's umask says.
    await makeMediaDirs(
      app.pebble,
      media.storage,
      provided.categories.map((category) => categoryPath(ctx.config["download-dir"], category)),
    );
    const categories = await qbittorrentCategories(
      app.pebble,
      app.localUrl,
      secret.content,
      ctx.config["download-dir"],
    );
    const problems = await syncManagerCategories(ctx, provided.categories, categories).finally(() =>
      categories.close(),
    );
    // peer-discovery asked for what the proxy cannot carry: the status says why it is off.
    const discoveryOff =
      routed && ctx.config["peer-discovery"] ? "; DHT, LSD and PeX off (the proxy cannot carry them)" : "";
    const reasons = [...routing.waiting, ...provided.waiting, ...problems];
    if (reasons.length === 0) await steady.remember(ctx, app.pebble);
    reportDownloader(ctx, reasons, `${routeNote(route)}${discoveryOff}`);
  },
});
