import * as z from "zod";
import { DOWNLOAD_ROOTS, isUnder } from "../workload-service/media-paths";

/**
 * An absolute directory both apps can take as is: no `.`/`..` parts, no control characters, no
 * quotes (sabnzbd.ini and qBittorrent.conf would need escaping the apps read differently), and
 * inside the media tree (media-paths.ts). One trailing slash is tolerated and dropped by
 * `normaliseDownloadDir`.
 */
export function isDownloadDir(value: string): boolean {
  if (!value.startsWith("/") || value.trim() !== value) return false;
  if (/[\u0000-\u001f\u007f"'\\,;#]/.test(value)) return false;
  return isUnder(value, DOWNLOAD_ROOTS);
}

/** `/downloads/` → `/downloads`; `//a//b` → `/a/b`. */
export function normaliseDownloadDir(value: string): string {
  return `/${value.split("/").filter(Boolean).join("/")}`;
}

/** Refinement for the `download-dir` option of the download clients. */
export const downloadDirOption = z
  .string()
  .refine(isDownloadDir)
  .describe(
    `an absolute directory under ${DOWNLOAD_ROOTS.join(" or ")}, such as /data/torrents or /data/usenet (no . or .. parts, quotes, commas or ; #)`,
  );
