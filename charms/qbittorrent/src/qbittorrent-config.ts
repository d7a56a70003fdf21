import { downloadDirOption, timezoneOption } from "@charmarr/app-charm";
import * as z from "zod";

/** The charm's options (charmcraft.yaml); rotation-interval comes with the credentials secret. */
export interface QbittorrentConfig {
  "rotation-interval": string;
  timezone: string;
  "download-dir": string;
  "torrent-port": number;
  "peer-discovery": boolean;
}

/** The WebUI's port: the one Radarr and Sonarr are told, and the one the torrent port must not take. */
export const WEBUI_PORT = 8080;

const torrentPortOption = z
  .number()
  .int()
  .min(1024)
  .max(65535)
  .refine((port) => port !== WEBUI_PORT)
  .describe(`a port from 1024 to 65535 other than ${WEBUI_PORT} (the WebUI)`);

/** What charmcraft.yaml's types cannot say. */
export const qbittorrentOptions: Record<string, z.ZodType> = {
  timezone: timezoneOption,
  "download-dir": downloadDirOption,
  "torrent-port": torrentPortOption,
};
