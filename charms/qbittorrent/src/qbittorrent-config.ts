import { downloadDirOption, timezoneOption } from "@charmarr/app-charm";
import type { ConfigRefinements } from "@charmarr/charm";
import * as z from "zod";
import type { Config } from "../charmcraft.yaml";

/** The charm's options, as charmcraft.yaml declares them. */
export type QbittorrentConfig = Config;

/** The WebUI's port: the one Radarr and Sonarr are told, and the one the torrent port must not take. */
export const WEBUI_PORT = 8080;

const torrentPortOption = z
  .number()
  .int()
  .min(1024)
  .max(65535)
  .refine((port) => port !== WEBUI_PORT)
  .describe(`a port from 1024 to 65535 other than ${WEBUI_PORT} (the WebUI)`);

/** What charmcraft.yaml's types cannot say (rotation-interval comes with the credentials secret). */
export const qbittorrentOptions = {
  timezone: timezoneOption,
  "download-dir": downloadDirOption,
  "torrent-port": torrentPortOption,
} satisfies ConfigRefinements<Config>;
