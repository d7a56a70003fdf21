// Test helpers (`@charmarr/kubernetes/testing`), for tests only: the package's main entry never
// imports them, so charms do not bundle them.

export * from "./fake-kube-api";
export * from "./https-test-server";
export * from "./service-account-dir";
export * from "./test-certificate";
