import { AppConfigFile, appService, privateCommand } from "@charmarr/app-charm";
import type { PebbleClient } from "@charmarr/pebble";
import { WEBUI_PORT } from "./qbittorrent-config";

// qBittorrent in the LinuxServer image, run by Pebble without s6: qbittorrent-nox in the
// foreground with its profile on the config storage (specs/workloads.md §1.2, §1.3).

export const CONTAINER = "qbittorrent";

/** `--profile=/config`: the config lives under `/config/qBittorrent/config/`. */
export const CONF_PATH = "/config/qBittorrent/config/qBittorrent.conf";
export const CATEGORIES_PATH = "/config/qBittorrent/config/categories.json";

/**
 * qBittorrent saves its settings by writing a new file and renaming it over the old one: run
 * with umask 077 (privateCommand), qBittorrent.conf (the WebUI user and password hash) stays 0600.
 */
export const QBITTORRENT_COMMAND = privateCommand("/usr/bin/qbittorrent-nox --profile=/config");

export const qbittorrentService = appService({
  container: CONTAINER,
  command: QBITTORRENT_COMMAND,
  port: WEBUI_PORT,
  // The login page: served to anyone, so Pebble's check needs no credentials.
  readyPath: "/",
});

/** qBittorrent.conf in the container; the app rewrites it on exit, so it is edited while stopped. */
export function confFile(pebble: PebbleClient): AppConfigFile {
  return new AppConfigFile(pebble, CONF_PATH, CONTAINER);
}
