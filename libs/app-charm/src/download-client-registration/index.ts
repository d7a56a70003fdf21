// Radarr's and Sonarr's own side of download-client: register each related
// downloader in the app, follow its credential rotations, remove it when the relation goes.
export { credentialFingerprint, MASKED_FIELDS, newFingerprintSalt } from "./credential-fingerprint";
export { describeAppFailure, describeSaveFailure } from "./download-client-failures";
export {
  type DownloadClientOutcome,
  type DownloadClientSync,
  downloadClientsWaiting,
  reportDownloadClients,
} from "./download-client-outcome";
export {
  type ClientStep,
  type DownloadClientPlan,
  type PlanInput,
  planDownloadClients,
  type WantedClient,
} from "./download-client-plan";
export { type DownloaderEndpoint, downloaderEndpoint } from "./downloader-endpoint";
export {
  type DownloadClientMemory,
  MANAGED_CLIENTS_STATE_KEY,
  type ManagedClient,
  type ManagedClients,
  managedClientsSchema,
  parseManagedClients,
  unitStateMemory,
} from "./managed-download-clients";
export {
  registerDownloadClients,
  type SyncDownloadClientsOptions,
  syncDownloadClients,
} from "./sync-download-clients";
