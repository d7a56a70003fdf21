export * from "./fake-home";
export * from "./fake-juju-server";
