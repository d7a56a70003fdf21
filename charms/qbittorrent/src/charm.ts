import {
  makeMediaDirs,
  normaliseDownloadDir,
  reportDownloader,
  startDownloader,
  syncManagerCategories,
} from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import { provideDownloadClient } from "@charmarr/interfaces";
import { credentialsContent, ownedSecret, randomPassword } from "@charmarr/secrets";
import metadata from "../charmcraft.yaml";
import { confFile, qbittorrentService } from "./qbittorrent-app";
import { categoryPath, qbittorrentCategories } from "./qbittorrent-categories";
import { qbittorrentOptions } from "./qbittorrent-config";
import { qbittorrentCredentials, USERNAME } from "./qbittorrent-credentials";
import { managedSettings, wantedConf } from "./qbittorrent-settings";
import { openTorrentPorts } from "./torrent-ports";

/**
 * qBittorrent downloads torrents for the related media managers. Its WebUI credentials are a
 * Juju secret the charm rotates live and grants on every download-client relation; each manager
 * gets a category saving under its media folder. The app keeps every protection on, and the
 * charm never risks its brute-force ban.
 */
const credentials = ownedSecret({
  label: "credentials",
  description: "qBittorrent WebUI credentials",
  schema: credentialsContent,
  generate: () => ({ username: USERNAME, password: randomPassword() }),
  workload: qbittorrentCredentials,
});

export default defineCharm({
  metadata,
  config: qbittorrentOptions,
  features: [credentials.feature],
  async reconcile(ctx) {
    // The credentials and the settings in qBittorrent.conf before the app starts; the app on the leader.
    const started = await startDownloader(
      ctx,
      qbittorrentService,
      credentials,
      async (pebble, _address, secret, media) => {
        const settings = managedSettings(ctx.config, media.storage.umask);
        const verified = await qbittorrentCredentials(ctx); // this hook's, built once
        const change = await confFile(pebble).ensure((text) =>
          wantedConf(text, settings, secret, verified?.verifiedWith(text, secret) ?? false),
        );
        if (change !== "unchanged") ctx.log.info({ change }, "qBittorrent.conf updated");
        return { restart: false }; // a running app was stopped to write it: replan starts it again
      },
      normaliseDownloadDir(ctx.config["download-dir"]),
    );
    if (!started.ok) return;
    const { app, secret, media } = started;
    await openTorrentPorts(ctx, ctx.config["torrent-port"]);

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
    reportDownloader(ctx, [...provided.waiting, ...problems]);
  },
});
