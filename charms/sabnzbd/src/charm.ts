import {
  makeMediaDirs,
  normaliseDownloadDir,
  reportDownloader,
  startDownloader,
  steadyApp,
  steadyDownloader,
  syncManagerCategories,
} from "@charmarr/app-charm";
import { defineCharm } from "@charmarr/charm";
import { provideDownloadClient } from "@charmarr/interfaces";
import { type ApiKeyContent, apiKeyContent, ownedSecret, randomApiKey } from "@charmarr/secrets";
import { SabnzbdIniError } from "@charmarr/workloads";
import metadata from "../charmcraft.yaml";
import { INI_PATH, iniFile, sabnzbdService } from "./sabnzbd-app";
import { sabnzbdCategories } from "./sabnzbd-categories";
import { type SabnzbdConfig, sabnzbdOptions } from "./sabnzbd-config";
import { sabnzbdApiKey } from "./sabnzbd-credentials";
import { configuredSettings, holdsSettings, managedSettings, wantedIni } from "./sabnzbd-settings";

/**
 * SABnzbd downloads from Usenet for the related media managers. Its API key is a Juju secret
 * the charm rotates live and grants on every download-client relation; a key reset in the web
 * UI is adopted. Each manager gets a category saving under its media folder.
 */
const apiKey = ownedSecret({
  label: "api-key",
  description: "SABnzbd API key",
  schema: apiKeyContent,
  generate: () => ({ "api-key": randomApiKey() }),
  workload: sabnzbdApiKey,
});

// SABnzbd saves a setting changed in its web UI (a key reset too) into sabnzbd.ini.
const steady = steadyApp({
  name: "sabnzbd",
  service: () => sabnzbdService,
  file: (pebble) => iniFile(pebble).read(),
});

export default defineCharm({
  metadata,
  config: sabnzbdOptions,
  features: [apiKey.feature],
  async reconcile(ctx) {
    // A steady hook: SABnzbd answers, sabnzbd.ini and the config as the last full hook left them.
    const kept = await steady.check(ctx);
    if (kept) return ctx.status.active(kept.message);
    // An update-status where sabnzbd.ini changed: it still holds the key and the settings?
    const holds = await steadyDownloader(ctx, sabnzbdService, apiKey, async (pebble, key) =>
      holdsSettings(await iniFile(pebble).read(), configuredSettings(ctx.config), key["api-key"]),
    );
    if (holds) {
      await steady.remember(ctx, ctx.container(sabnzbdService.spec.container));
      return ctx.status.active(holds.message);
    }

    // The key and the settings in sabnzbd.ini before the app starts; the app on the leader.
    let started: Awaited<ReturnType<typeof startDownloader<ApiKeyContent, SabnzbdConfig>>>;
    try {
      started = await startDownloader(
        ctx,
        sabnzbdService,
        apiKey,
        async (pebble, _address, secret, media) => {
          const settings = managedSettings(ctx.config, media.storage.umask);
          const change = await iniFile(pebble).ensure(async (text) =>
            wantedIni(text, settings, secret["api-key"]),
          );
          if (change !== "unchanged") ctx.log.info({ change }, "sabnzbd.ini updated");
          return { restart: false }; // a running app was stopped to write it: replan starts it again
        },
        normaliseDownloadDir(ctx.config["download-dir"]),
      );
    } catch (err) {
      if (!(err instanceof SabnzbdIniError)) throw err;
      return ctx.status.blocked(
        `SABnzbd cannot start: ${err.message}; fix ${INI_PATH} in the sabnzbd container, or remove it to start afresh`,
      );
    }
    if (!started.ok) return;
    const { app, secret, media } = started;
    // An update-status that repaired drift: the managers' relations, folders and categories change
    // only with their own events.
    const repaired = await ctx.steadyStatus();
    if (repaired) {
      await steady.remember(ctx, app.pebble);
      return ctx.status.active(repaired.message);
    }

    const provided = await provideDownloadClient(ctx, { client: "sabnzbd", secret, apiUrl: app.publicUrl });
    // Each manager's folder on the shared volume, shared as the stack's umask says.
    const complete = `${normaliseDownloadDir(ctx.config["download-dir"])}/complete`;
    await makeMediaDirs(app.pebble, media.storage, [
      `${normaliseDownloadDir(ctx.config["download-dir"])}/incomplete`,
      complete,
      ...provided.categories.map((category) => `${complete}/${category.folder}`),
    ]);
    const categories = sabnzbdCategories(
      app.localUrl,
      secret.content["api-key"],
      await iniFile(app.pebble).read(),
    );
    const problems = await syncManagerCategories(ctx, provided.categories, categories);
    const reasons = [...provided.waiting, ...problems];
    if (reasons.length === 0) await steady.remember(ctx, app.pebble);
    reportDownloader(ctx, reasons);
  },
});
