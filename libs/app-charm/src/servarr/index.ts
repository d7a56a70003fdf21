// What the three Servarr charms (Prowlarr, Radarr, Sonarr) share, as functions each charm's
// reconcile calls by name: the api-key secret applied live, config.xml, the app on the leader,
// Prowlarr's registrations on both sides, the root folders. The interfaces themselves (grants,
// relation data) are @charmarr/interfaces'.
export { CHARM_RECORD_PATH, type CharmRecord, CharmRecordFile } from "./charm-record";
export { CONFIG_XML_PATH, ConfigXmlFile } from "./config-xml-file";
export { reconcileMediaPermissions } from "./media-permissions";
export { type RegistrationOutcome, registerInProwlarr } from "./prowlarr-registration";
export { type PrunePlan, planPrune } from "./prune-plan";
export {
  planRegistration,
  type RegistrationPlan,
  type RegistrationSpec,
  registrationFingerprint,
} from "./registration-plan";
export { reconcileRootFolders, rootFolderOption } from "./root-folders";
export { servarrApiKey } from "./servarr-api-key";
export type { RelationPrefetch, ServarrAppSpec } from "./servarr-app-spec";
export { normaliseUrlBase, type ServarrConfig, servarrConfigOptions, urlBaseOption } from "./servarr-config";
export { describeCallFailure } from "./servarr-errors";
export { routeServarrTraffic } from "./servarr-proxy";
export {
  type RunningServarr,
  runServarr,
  type ServarrHook,
  servarrClient,
  servarrHook,
  wantedSettings,
} from "./servarr-service";
export { type StartResult, startServarr } from "./servarr-start";
export { servarrSteady } from "./servarr-steady";
export { removeStaleRegistrations } from "./stale-registrations";
