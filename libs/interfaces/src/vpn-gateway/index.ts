// vpn-gateway: the data Gluetun publishes, the provider and the requirer, in one home.
export * from "./vpn-gateway-data";
export * from "./vpn-gateway-provider";
export * from "./vpn-gateway-requirer";
