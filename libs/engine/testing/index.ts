// Test helpers (`@charmarr/engine/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./events/test-support";
export * from "./hook-context/test-fixtures";
export * from "./pebble-server/test-support";
export * from "./unit-process/test-support";
