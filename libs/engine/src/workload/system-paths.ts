import { lstatSync, readdirSync } from "node:fs";
import { posix } from "node:path";

const isWithin = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}/`);

/** Whether `path` lies in one of `dirs` (or is one of them). */
export function isUnder(path: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => isWithin(path, dir));
}

/**
 * The host system paths to bind read-only into a container whose image puts its own files at
 * `imagePaths`. A system directory holding an image path is replaced by its children, recursively,
 * so the image's file can sit beside the host's (Plex lives under /usr/lib): bwrap cannot create a
 * mount point inside a read-only bind. A system path the image owns outright is left out.
 */
export function splitSystemPaths(systemPaths: readonly string[], imagePaths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (path: string): void => {
    const inside = imagePaths.filter((imagePath) => isWithin(imagePath, path));
    if (inside.length === 0) {
      out.push(path);
      return;
    }
    if (inside.includes(path)) return;
    let isDirectory = false;
    try {
      isDirectory = lstatSync(path).isDirectory();
    } catch {
      return;
    }
    // Not a directory on the host (a /lib -> usr/lib link): nothing to split.
    if (!isDirectory) {
      out.push(path);
      return;
    }
    for (const child of readdirSync(path).sort()) visit(posix.join(path, child));
  };
  for (const path of systemPaths) visit(path);
  return out;
}
