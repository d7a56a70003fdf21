import { AppConfigFile, appService, privateCommand } from "@charmarr/app-charm";
import type { PebbleClient } from "@charmarr/pebble";
import { SABNZBD_PORT } from "./sabnzbd-config";

// SABnzbd in the LinuxServer image, run by Pebble without s6: the image's Python running
// SABnzbd.py in the foreground on /config/sabnzbd.ini, which says where to listen
// (specs/workloads.md §2.2, §2.3).

export const CONTAINER = "sabnzbd";
export const INI_PATH = "/config/sabnzbd.ini";

export const sabnzbdService = appService({
  container: CONTAINER,
  // umask 077: SABnzbd rewrites sabnzbd.ini (its API key) itself; it must stay 0600.
  command: privateCommand(
    `/lsiopy/bin/python3 /app/sabnzbd/SABnzbd.py --config-file ${INI_PATH} --browser 0`,
  ),
  port: SABNZBD_PORT,
  // Answers without a key; `/api` is served at the root whatever the URL base.
  readyPath: "/api?mode=version&output=json",
});

/** sabnzbd.ini in the container; the app rewrites it on its next save, so it is edited while stopped. */
export function iniFile(pebble: PebbleClient): AppConfigFile {
  return new AppConfigFile(pebble, INI_PATH, CONTAINER);
}
