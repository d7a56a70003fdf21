// Test helpers (`@charmarr/charm/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./recording-tool-runner";
