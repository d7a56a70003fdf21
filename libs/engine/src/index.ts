// The embedded Juju: model engine, hook tools, unit processes and Pebble servers.
export * from "./charm-archive/charm-archive";
export * from "./pebble-server";
