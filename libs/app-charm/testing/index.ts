// Test helpers (`@charmarr/app-charm/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./download-clients/downloader-charm";
export * from "./download-clients/fake-sabnzbd";
export * from "./download-clients/manager-charm";
export * from "./download-clients/real-downloaders";
export * from "./downloader/download-consumer-charm";
export * from "./downloader/downloader-config-scenarios";
export * from "./downloader/downloader-model";
export * from "./downloader/downloader-scenarios";
export * from "./downloader/downloader-stack";
