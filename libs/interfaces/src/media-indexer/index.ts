// media-indexer: the data both sides publish, the provider and the requirer, in one home.
export * from "./media-indexer-data";
export * from "./media-indexer-provider";
export * from "./media-indexer-requirer";
