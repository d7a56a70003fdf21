// Clients for the workloads' HTTP APIs and config files.

// The HTTP transport every client sends through (node:http, not fetch), and its contract for fakes.
export {
  type HttpExchangeRequest,
  type HttpExchangeResponse,
  type HttpResponseHeaders,
  type HttpTransport,
  responseHeaders,
} from "./http/http-transport";
export { HttpTransportError, type UnreachableReason } from "./http/network-error";
export { HttpResponseTooLargeError, MAX_RESPONSE_BYTES, nodeHttpTransport } from "./http/node-http-transport";
// Plex Media Server (Preferences.xml, the plex.tv claim exchange, library sections).
export {
  CLAIM_HEADERS,
  type ClaimOutcome,
  claimExchangeRequest,
  claimOutcome,
  isClaimToken,
  PLEX_TV,
} from "./plex/plex-claim";
export {
  PLEX_AGENTS,
  PlexApiError,
  PlexClient,
  type PlexLibraryType,
  type PlexSection,
} from "./plex/plex-client";
export { PlexPreferences, PlexPreferencesError, processedMachineIdentifier } from "./plex/plex-preferences";
// qBittorrent (WebUI API v2, qBittorrent.conf, the PBKDF2 WebUI password hash).
export {
  createPasswordHash,
  formatPasswordHash,
  PASSWORD_HASH_ITERATIONS,
  PASSWORD_HASH_KEY_BYTES,
  PASSWORD_HASH_SALT_BYTES,
  type PasswordHashParts,
  parsePasswordHash,
  passwordHashFor,
  verifyPasswordHash,
} from "./qbittorrent/password-hash";
export { proxyConfValues } from "./qbittorrent/proxy-conf";
export {
  namesProxyTypes,
  parseWebApiVersion,
  proxyFromPreferences,
  proxyPreferences,
  type QbittorrentProxy,
  type QbittorrentProxyType,
} from "./qbittorrent/proxy-preferences";
export {
  type CategoryChange as QbittorrentCategoryChange,
  QbittorrentClient,
  type QbittorrentClientOptions,
} from "./qbittorrent/qbittorrent-client";
export {
  QBITTORRENT_OFFLINE,
  QBITTORRENT_PROTECTIONS,
  QbittorrentConf,
  QbittorrentConfError,
  type QbittorrentConfValue,
  type QbittorrentCredentials,
  type QbittorrentSettings,
  type VerifiedHashes,
} from "./qbittorrent/qbittorrent-conf";
export {
  applyQbittorrentCredentials,
  type QbittorrentCredentialOptions,
  QbittorrentCredentialsMismatchError,
  QbittorrentCredentialsNotAppliedError,
  qbittorrentAccepts,
} from "./qbittorrent/qbittorrent-credentials";
export {
  QbittorrentAuthError,
  QbittorrentBannedError,
  QbittorrentError,
  QbittorrentHttpError,
  type QbittorrentRequestInfo,
  QbittorrentResponseError,
  QbittorrentUnreachableError,
} from "./qbittorrent/qbittorrent-errors";
export type { QbittorrentConnectionOptions } from "./qbittorrent/qbittorrent-http";
export type {
  QbittorrentCategory,
  QbittorrentPreferences,
  QbittorrentPreferencesUpdate,
  QbittorrentTorrent,
} from "./qbittorrent/qbittorrent-resources";
export type { QSettingsValue } from "./qbittorrent/qsettings-value";
// SABnzbd (API, sabnzbd.ini).
export {
  applySabnzbdApiKey,
  SabnzbdApiKeyMismatchError,
  SabnzbdApiKeyNotAppliedError,
} from "./sabnzbd/api-key-rotation";
export {
  type ConfigObjValue,
  ConfigObjValueError,
  formatConfigObjValue,
  parseConfigObjValue,
} from "./sabnzbd/configobj-value";
export {
  type CategoryChange as SabnzbdCategoryChange,
  type SabnzbdCategoryInput,
  SabnzbdClient,
  type SabnzbdClientOptions,
  type SabnzbdConfigValue,
  type SabnzbdKeyKind,
} from "./sabnzbd/sabnzbd-client";
export {
  SabnzbdAccessDeniedError,
  SabnzbdAuthError,
  SabnzbdError,
  SabnzbdHttpError,
  SabnzbdRefusedError,
  type SabnzbdRequestInfo,
  SabnzbdResponseError,
  SabnzbdUnreachableError,
} from "./sabnzbd/sabnzbd-errors";
export type { SabnzbdConnectionOptions } from "./sabnzbd/sabnzbd-http";
export {
  SABNZBD_CONFIG_VERSION,
  SABNZBD_OFFLINE,
  SabnzbdIni,
  type SabnzbdIniEdit,
  SabnzbdIniError,
  type SabnzbdSettings,
} from "./sabnzbd/sabnzbd-ini";
export type { SabnzbdCategory, SabnzbdMiscConfig } from "./sabnzbd/sabnzbd-resources";
export { API_KEY_PATTERN, isGeneratedApiKeyFormat } from "./servarr/api-key";
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
export { hostProxyFields, type ServarrProxy, withHostProxy } from "./servarr/host-proxy";
export { type MediaManagement, MediaManagementApi } from "./servarr/media-management-api";
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
