// media-manager: the data both sides publish, the provider and the requirer, in one home.
export * from "./media-manager-data";
export * from "./media-manager-provider";
export * from "./media-manager-requirer";
