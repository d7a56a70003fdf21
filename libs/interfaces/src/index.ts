// @charmarr/interfaces: the relation interfaces between the Charmarr charms (docs/interfaces.md).

/** Remote data parsed, or why it was ignored: `{ok:true,data}|{ok:false,reason}`. */
export type { ParsedDatabag as Parsed } from "@charmarr/charm";
export {
  DOWNLOAD_CLIENT,
  DOWNLOAD_CLIENT_SECRET_ID_KEY,
  type DownloadClientProvider,
  type DownloadClientRequirer,
  publishDownloadClientProvider,
  publishDownloadClientRequirer,
  readDownloadClientProvider,
  readDownloadClientRequirer,
} from "./download-client";
export {
  MEDIA_INDEXER,
  type MediaIndexerProvider,
  type MediaIndexerRequirer,
  publishMediaIndexerProvider,
  publishMediaIndexerRequirer,
  readMediaIndexerProvider,
  readMediaIndexerRequirer,
} from "./media-indexer";
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
export {
  MEDIA_MANAGER,
  type MediaManagerProvider,
  publishMediaManagerProvider,
  readMediaManagerProvider,
} from "./media-manager";
