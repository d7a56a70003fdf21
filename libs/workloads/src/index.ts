// Clients for the workloads' HTTP APIs and config files.
export { API_KEY_PATTERN, generateApiKey, isGeneratedApiKeyFormat } from "./servarr/api-key";
export {
  ApiKeyNotAppliedError,
  applyApiKey,
  type ResetApiKeyOptions,
  resetApiKey,
} from "./servarr/api-key-rotation";
export {
  DEFAULT_SYNC_CATEGORIES,
  type ProwlarrApplicationSpec,
  prowlarrApplication,
} from "./servarr/application-payloads";
export {
  type AuthenticationMethod,
  type AuthenticationRequired,
  ConfigXmlError,
  type ServarrConfigSettings,
  ServarrConfigXml,
} from "./servarr/config-xml";
export { qbittorrentDownloadClient, sabnzbdDownloadClient } from "./servarr/download-client-payloads";
export { MediaManagerClient } from "./servarr/media-manager-client";
export { ProviderApi, type ProviderTestResult, type SaveOptions } from "./servarr/provider-api";
export {
  compareProvider,
  fieldValue,
  MASKED_VALUE,
  type ProviderComparison,
  withFieldValues,
} from "./servarr/provider-fields";
export { ProwlarrClient } from "./servarr/prowlarr-client";
export type {
  Application,
  ApplicationInput,
  Command,
  CommandStatus,
  DownloadClient,
  DownloadClientInput,
  DownloadProtocol,
  HostConfig,
  ProviderField,
  ProviderFieldInput,
  ProviderInput,
  RootFolder,
  SyncLevel,
  SystemStatus,
} from "./servarr/resources";
export { RootFoldersApi } from "./servarr/root-folders-api";
export {
  type MediaManagerApp,
  SERVARR_APPS,
  type ServarrApp,
  type ServarrAppInfo,
} from "./servarr/servarr-app";
export { ServarrClient, type ServarrClientOptions } from "./servarr/servarr-client";
export {
  ServarrAuthError,
  ServarrError,
  ServarrHttpError,
  type ServarrRequestInfo,
  ServarrResponseError,
  ServarrUnreachableError,
  type ServarrValidationFailure,
} from "./servarr/servarr-errors";
export type { ServarrConnectionOptions } from "./servarr/servarr-http";
