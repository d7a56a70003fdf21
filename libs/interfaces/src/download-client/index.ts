// download-client: the data both sides publish, the provider and the requirer, in one home.
export * from "./download-client-data";
export * from "./download-client-provider";
export * from "./download-client-requirer";
