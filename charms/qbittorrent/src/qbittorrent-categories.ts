import { type CategorySync, normaliseDownloadDir } from "@charmarr/app-charm";
import type { ManagerCategory } from "@charmarr/interfaces";
import type { PebbleClient } from "@charmarr/pebble";
import { QbittorrentClient, type QbittorrentCredentials, QbittorrentError } from "@charmarr/workloads";
import { CATEGORIES_PATH } from "./qbittorrent-app";

/** Where a manager's downloads go: `<download-dir>/<media folder>`. */
export function categoryPath(downloadDir: string, category: ManagerCategory): string {
  return `${normaliseDownloadDir(downloadDir)}/${category.folder}`;
}

const trimSlash = (path: string) => path.replace(/\/+$/, "");

/** categories.json (`{"radarr": {"save_path": "/data/torrents/movies"}}`); {} when missing or unreadable. */
async function savedCategories(pebble: PebbleClient): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await pebble.pull(CATEGORIES_PATH));
    if (typeof parsed !== "object" || parsed === null) return {};
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed)) {
      const path = (value as { save_path?: unknown } | null)?.save_path;
      if (typeof path === "string") out[name] = trimSlash(path);
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * The categories, made through the WebUI API. qBittorrent saves them to categories.json as it
 * makes them, so a hook where they are all in place reads that file and logs in to nothing.
 */
export async function qbittorrentCategories(
  pebble: PebbleClient,
  url: string,
  credentials: QbittorrentCredentials,
  downloadDir: string,
): Promise<CategorySync & { close(): Promise<void> }> {
  const saved = await savedCategories(pebble);
  let client: QbittorrentClient | undefined;
  return {
    async ensure(category) {
      const path = categoryPath(downloadDir, category);
      if (saved[category.name] === path) return "unchanged";
      client ??= new QbittorrentClient({ url, ...credentials });
      return client.ensureCategory(category.name, path);
    },
    failure: (err) => (err instanceof QbittorrentError ? err.message : undefined),
    close: async () => {
      await client?.close().catch(() => undefined);
    },
  };
}
