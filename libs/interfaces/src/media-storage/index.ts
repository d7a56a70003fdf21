// media-storage: the data both sides publish, the provider, the requirer and the media tree.
export * from "./media-layout";
export * from "./media-storage-data";
export * from "./media-storage-provider";
export * from "./media-storage-requirer";
