import { type Dirent, readdirSync } from "node:fs";
import { extname, join } from "node:path";

// A scan walks the section's folders and keeps the media files it finds, as PMS's scanners do for
// video (subtitles, artwork and NFO files are not items). Unreadable folders are skipped, as PMS
// logs and skips them.

const VIDEO_EXTENSIONS = new Set([
  ".mkv",
  ".mp4",
  ".m4v",
  ".avi",
  ".mov",
  ".ts",
  ".m2ts",
  ".wmv",
  ".webm",
  ".mpg",
]);
const MAX_DEPTH = 16;

export function scanFolders(folders: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile() && VIDEO_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
    }
  };
  for (const folder of folders) walk(folder, 0);
  return [...new Set(found)].sort();
}
