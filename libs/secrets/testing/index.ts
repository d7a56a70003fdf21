// Test helpers (`@charmarr/secrets/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./fake-credential-workload";
export * from "./http-credential-app";
export * from "./token-owner-charm";
export * from "./token-reader-charm";
