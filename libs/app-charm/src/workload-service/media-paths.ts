import { MEDIA_MOUNT_PATH } from "@charmarr/interfaces";

/**
 * The media tree: where the apps may be told to put or find media. Only /data, the shared media
 * volume's mount (media-storage; its layout is @charmarr/interfaces media-layout.ts): one
 * filesystem for downloads and library, so imports are hardlinks (/data/torrents, /data/usenet,
 * /data/media). Anything else (the app's own /config, /etc, /proc, a folder outside the volume
 * that no other app sees) is refused at the option, so no operator typo or copied command can
 * point an app at its credentials or the system.
 */
export const DOWNLOAD_ROOTS = [MEDIA_MOUNT_PATH] as const;
export const LIBRARY_ROOTS = [MEDIA_MOUNT_PATH] as const;

/** Linux's PATH_MAX: no directory has a longer path (and relation data refuses one). */
const MAX_PATH = 4096;

/** The path's parts, or undefined when it is not an absolute path without `.`/`..` parts. */
function parts(path: string): string[] | undefined {
  if (path.length > MAX_PATH || !path.startsWith("/") || path.trim() !== path) return undefined;
  if (/[\u0000-\u001f\u007f]/.test(path)) return undefined;
  const split = path.split("/").filter((part) => part !== "");
  return split.some((part) => part === "." || part === "..") ? undefined : split;
}

/** Is `path` inside one of `roots`? `/data` itself is not (downloads and library would mix at its top). */
export function isUnder(path: string, roots: readonly string[]): boolean {
  const split = parts(path);
  if (!split) return false;
  return roots.some((root) => {
    const rootParts = root.split("/").filter(Boolean);
    const inside = rootParts.every((part, i) => split[i] === part);
    return inside && split.length > rootParts.length;
  });
}
