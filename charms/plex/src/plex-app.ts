import { type AppServiceSpec, appService } from "@charmarr/app-charm";

/** Where the LinuxServer image keeps PMS's data (PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR). */
export const APP_SUPPORT_DIR = "/config/Library/Application Support";
export const PREFERENCES_FILE = `${APP_SUPPORT_DIR}/Plex Media Server/Preferences.xml`;
export const PLEX_PORT = 32400;

/**
 * PMS in the LinuxServer image, run by Pebble without s6: the binary in the foreground (quoted:
 * Pebble splits the command like a shell and the path has spaces), its data under /config, its
 * web app and API on 32400. /identity answers without a token once it serves.
 */
export const plexSpec: AppServiceSpec = {
  container: "plex",
  command: '"/usr/lib/plexmediaserver/Plex Media Server"',
  port: PLEX_PORT,
  readyPath: "/identity",
  environment: { PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR: APP_SUPPORT_DIR },
};

export const plexService = appService(plexSpec);
