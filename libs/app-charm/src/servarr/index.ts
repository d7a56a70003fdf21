// What the three Servarr charms (Prowlarr, Radarr, Sonarr) share: the api-key secret applied
// live, config.xml, the app on the leader, media-indexer on both sides, media-manager's provider.
export { CHARM_RECORD_PATH, type CharmRecord, CharmRecordFile } from "./charm-record";
export { CONFIG_XML_PATH, ConfigXmlFile } from "./config-xml-file";
export { MEDIA_INDEXER_ENDPOINT, provideMediaIndexer } from "./media-indexer-provider";
export { MEDIA_INDEXER, type RegistrationOutcome, registerInProwlarr } from "./media-indexer-requirer";
export { MEDIA_MANAGER_ENDPOINT, provideMediaManager, reconcileRootFolders } from "./media-manager-provider";
export { type PrunePlan, planPrune } from "./prune-plan";
export {
  planRegistration,
  type RegistrationPlan,
  type RegistrationSpec,
  registrationFingerprint,
} from "./registration-plan";
export { ServarrCharm, type StartResult, servarrCharm } from "./servarr-charm";
export type { ServarrCharmSpec } from "./servarr-charm-spec";
export {
  MediaManagerCharm,
  type MediaManagerConfig,
  mediaManagerCharm,
  ProwlarrCharm,
  prowlarrCharm,
  rootFolderOption,
} from "./servarr-charms";
export { normaliseUrlBase, type ServarrConfig, servarrConfigOptions, urlBaseOption } from "./servarr-config";
export { describeCallFailure } from "./servarr-errors";
export { type ApiKeyContent, type RunningServarr, ServarrWorkload, wantedSettings } from "./servarr-workload";
