import * as z from "zod";

/**
 * An absolute directory both apps can take as is: no `.`/`..` parts, no control characters, no
 * quotes (sabnzbd.ini and qBittorrent.conf would need escaping the apps read differently), and
 * not `/` itself. One trailing slash is tolerated and dropped by `normaliseDownloadDir`.
 */
export function isDownloadDir(value: string): boolean {
  if (!value.startsWith("/") || value.trim() !== value) return false;
  if (/[\u0000-\u001f\u007f"'\\,;#]/.test(value)) return false;
  const parts = value.split("/").filter((part) => part !== "");
  if (parts.length === 0) return false;
  return parts.every((part) => part !== "." && part !== "..");
}

/** `/downloads/` → `/downloads`; `//a//b` → `/a/b`. */
export function normaliseDownloadDir(value: string): string {
  return `/${value.split("/").filter(Boolean).join("/")}`;
}

/** Refinement for the `download-dir` option of the download clients. */
export const downloadDirOption = z
  .string()
  .refine(isDownloadDir)
  .describe("an absolute directory such as /downloads (no . or .. parts, quotes, commas or ; #)");
