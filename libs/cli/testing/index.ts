export * from "./cli-error-of";
export * from "./fake-home";
export * from "./fake-juju-server";
