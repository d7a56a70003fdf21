// Real-app test instances for integration tests (`@charmarr/workloads/testing`). Never imported
// by the package's main entry: charms must not bundle them.

export * from "../qbittorrent/qbittorrent-test-instance";
export * from "../sabnzbd/sabnzbd-test-instance";
export * from "./app-test-instance";
