import { type MediaManagerKind, mediaFolderFor } from "../media-kinds";

/**
 * The shared media tree (TRaSH's hardlink layout): one claim, one filesystem, mounted once at
 * /data in every media app, so an import is a hardlink or an atomic move, never a copy.
 *
 *   /data/torrents/<type>            qBittorrent: save path /data/torrents, category per manager
 *   /data/usenet/incomplete          SABnzbd: download dir
 *   /data/usenet/complete/<type>     SABnzbd: complete dir, category per manager
 *   /data/media/<type>               Radarr/Sonarr root folder; Plex reads the same paths
 *
 * `<type>` is the manager's media folder (radarr → movies, sonarr → tv; media-kinds.ts). Each
 * subtree is made by the app that owns it (mode 775, PUID:PGID), never by the storage charm.
 */
export const MEDIA_MOUNT_PATH = "/data";

export const MEDIA_LAYOUT = {
  torrents: `${MEDIA_MOUNT_PATH}/torrents`,
  usenetIncomplete: `${MEDIA_MOUNT_PATH}/usenet/incomplete`,
  usenetComplete: `${MEDIA_MOUNT_PATH}/usenet/complete`,
  library: `${MEDIA_MOUNT_PATH}/media`,
} as const;

/** Where qBittorrent puts a manager's torrents (its category's save path). */
export function torrentDirFor(manager: MediaManagerKind): string {
  return `${MEDIA_LAYOUT.torrents}/${mediaFolderFor(manager)}`;
}

/** Where SABnzbd puts a manager's finished downloads (its category's folder). */
export function usenetCompleteDirFor(manager: MediaManagerKind): string {
  return `${MEDIA_LAYOUT.usenetComplete}/${mediaFolderFor(manager)}`;
}

/** A manager's library: its root folder. */
export function libraryDirFor(manager: MediaManagerKind): string {
  return `${MEDIA_LAYOUT.library}/${mediaFolderFor(manager)}`;
}

/** The app kinds that own a part of the tree. */
export type MediaTreeOwner = MediaManagerKind | "qbittorrent" | "sabnzbd";

/**
 * The directories `owner` makes under /data, parents first, for the managers it serves (a
 * downloader: its related managers; a manager: itself).
 */
export function mediaDirsFor(owner: MediaTreeOwner, managers: readonly MediaManagerKind[] = []): string[] {
  switch (owner) {
    case "qbittorrent":
      return [MEDIA_LAYOUT.torrents, ...managers.map(torrentDirFor)];
    case "sabnzbd":
      return [
        MEDIA_LAYOUT.usenetIncomplete,
        MEDIA_LAYOUT.usenetComplete,
        ...managers.map(usenetCompleteDirFor),
      ];
    default:
      return [MEDIA_LAYOUT.library, libraryDirFor(owner)];
  }
}
