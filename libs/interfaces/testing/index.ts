// Test helpers (`@charmarr/interfaces/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./hostile-charm";
export * from "./hostile-databags";
export * from "./reader-property";
export * from "./test-relation";
export * from "./vpn-gateway-charm";
