// Test helpers (`@charmarr/app-charm/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./config-property";
export * from "./download-client-registration/downloader-charm";
export * from "./download-client-registration/fake-sabnzbd";
export * from "./download-client-registration/manager-charm";
export * from "./download-client-registration/real-downloaders";
export * from "./downloader/download-consumer-charm";
export * from "./downloader/downloader-config-scenarios";
export * from "./downloader/downloader-model";
export * from "./downloader/downloader-scenarios";
export * from "./downloader/downloader-stack";
export * from "./pod-spec";
