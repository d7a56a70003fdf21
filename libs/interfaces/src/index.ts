// @charmarr/interfaces: the relation interfaces between the Charmarr charms (docs/interfaces.md).
// One folder per interface: the data both sides publish (zod schemas with publish/read helpers),
// the provider and the requirer, with one constant for the endpoint's name.

/** Remote data parsed, or why it was ignored: `{ok:true,data}|{ok:false,reason}`. */
export type { ParsedDatabag as Parsed } from "@charmarr/charm";
export * from "./download-client";
export * from "./media-indexer";
export {
  DOWNLOAD_CLIENT_KINDS,
  type DownloadClientKind,
  type DownloadProtocol,
  downloadProtocolOf,
  MEDIA_MANAGER_KINDS,
  type MediaFolder,
  type MediaManagerKind,
  mediaFolderFor,
} from "./media-kinds";
export * from "./media-manager";
export * from "./media-storage";
export * from "./vpn-gateway";
