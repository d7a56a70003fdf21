// What the Charmarr workload charms share, as functions their reconcile calls by name: running a
// LinuxServer app under Pebble, the Servarr apps (Prowlarr, Radarr, Sonarr), how Radarr and
// Sonarr register their download clients in themselves, and the downloaders' own parts
// (qBittorrent, SABnzbd). The relation interfaces themselves live in @charmarr/interfaces.

export * from "./download-client-registration";
export * from "./downloader";
export * from "./media-storage";
export * from "./pod-template";
export * from "./servarr";
export * from "./steady-state";
export * from "./vpn-gateway";
export * from "./workload-service";
