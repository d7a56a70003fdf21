import type { DownloadClientInput } from "./resources";
import type { MediaManagerApp } from "./servarr-app";

// Download-client resources for Radarr and Sonarr (specs/app-apis.md §d). Only name and value of
// each field matter on input; fields left out keep the app's defaults.

interface DownloaderEndpoint {
  /** The download client's name in the app (unique, case-insensitively). */
  name: string;
  host: string;
  port: number;
  useSsl?: boolean;
  urlBase?: string;
  /** The category the manager files its downloads under. */
  category: string;
  /** 1 (highest) to 50; 1 by default. */
  priority?: number;
  enable?: boolean;
}

/** The category field's name differs per manager. */
const CATEGORY_FIELD: Readonly<Record<MediaManagerApp, string>> = {
  radarr: "movieCategory",
  sonarr: "tvCategory",
};

function downloadClient(
  manager: MediaManagerApp,
  endpoint: DownloaderEndpoint,
  kind: { implementation: string; configContract: string; protocol: "torrent" | "usenet" },
  credentials: Readonly<Record<string, string>>,
): DownloadClientInput {
  return {
    name: endpoint.name,
    ...kind,
    enable: endpoint.enable ?? true,
    priority: endpoint.priority ?? 1,
    removeCompletedDownloads: true,
    removeFailedDownloads: true,
    tags: [],
    fields: [
      { name: "host", value: endpoint.host },
      { name: "port", value: endpoint.port },
      { name: "useSsl", value: endpoint.useSsl ?? false },
      { name: "urlBase", value: endpoint.urlBase ?? "" },
      ...Object.entries(credentials).map(([name, value]) => ({ name, value })),
      { name: CATEGORY_FIELD[manager], value: endpoint.category },
    ],
  };
}

export function qbittorrentDownloadClient(
  manager: MediaManagerApp,
  endpoint: DownloaderEndpoint & { username: string; password: string },
): DownloadClientInput {
  return downloadClient(
    manager,
    endpoint,
    { implementation: "QBittorrent", configContract: "QBittorrentSettings", protocol: "torrent" },
    { username: endpoint.username, password: endpoint.password },
  );
}

export function sabnzbdDownloadClient(
  manager: MediaManagerApp,
  endpoint: DownloaderEndpoint & { apiKey: string },
): DownloadClientInput {
  return downloadClient(
    manager,
    endpoint,
    { implementation: "Sabnzbd", configContract: "SabnzbdSettings", protocol: "usenet" },
    { apiKey: endpoint.apiKey },
  );
}
