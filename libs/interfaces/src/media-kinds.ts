import * as z from "zod";

/** The *arr media managers an interface can name (Radarr and Sonarr are the ones we ship). */
export const MEDIA_MANAGER_KINDS = ["radarr", "sonarr", "lidarr", "readarr", "whisparr"] as const;
export type MediaManagerKind = (typeof MEDIA_MANAGER_KINDS)[number];
export const mediaManagerKind = z.enum(MEDIA_MANAGER_KINDS);

/** The download clients we ship. */
export const DOWNLOAD_CLIENT_KINDS = ["qbittorrent", "sabnzbd"] as const;
export type DownloadClientKind = (typeof DOWNLOAD_CLIENT_KINDS)[number];
export const downloadClientKind = z.enum(DOWNLOAD_CLIENT_KINDS);

/** What a download client fetches: the *arr apps file clients under one of these. */
export type DownloadProtocol = "torrent" | "usenet";

const PROTOCOLS: Record<DownloadClientKind, DownloadProtocol> = {
  qbittorrent: "torrent",
  sabnzbd: "usenet",
};

export function downloadProtocolOf(client: DownloadClientKind): DownloadProtocol {
  return PROTOCOLS[client];
}

export type MediaFolder = "movies" | "tv" | "music" | "books" | "xxx";

const FOLDERS: Record<MediaManagerKind, MediaFolder> = {
  radarr: "movies",
  sonarr: "tv",
  lidarr: "music",
  readarr: "books",
  whisparr: "xxx",
};

/** The media-type folder a manager's downloads and library go to (the downloader's category path). */
export function mediaFolderFor(manager: MediaManagerKind): MediaFolder {
  return FOLDERS[manager];
}
