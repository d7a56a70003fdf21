// Test helpers (`@charmarr/pebble/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./fake-changes";
export * from "./fake-checks";
export * from "./fake-exec";
export * from "./fake-files";
export * from "./fake-notices";
export * from "./fake-plan";
export * from "./fake-services";
export * from "./use-wire-format-server";
export * from "./wire-format-server";
export * from "./wire-responses";
