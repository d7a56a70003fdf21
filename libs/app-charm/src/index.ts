// What the Charmarr workload charms share: running a LinuxServer app under Pebble, and the
// Servarr (Prowlarr, Radarr, Sonarr) behaviour, how Radarr/Sonarr register their download clients, and
// the download clients' own side (qBittorrent, SABnzbd).

export * from "./download-clients";
export * from "./downloader";
export * from "./servarr";
export * from "./workload-service";
