// Real-app test instances for integration tests (`@charmarr/workloads/testing`). Never imported
// by the package's main entry: charms must not bundle them.

export * from "./app-test-instance";
export * from "./bencode";
export * from "./qbittorrent-test-instance";
export * from "./sabnzbd-test-instance";
export * from "./torrent-metainfo";
export * from "./torrent-peer";
export * from "./torrent-seeder";
export * from "./tracker-front";
