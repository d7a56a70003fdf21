// The public face of the framework. Charm code imports from here only.
export {
  type ActionDefinition,
  type CharmDefinition,
  type CharmFeature,
  type CharmSpec,
  type ConfigRefinements,
  defineCharm,
  type EventHandler,
  type EventHandlers,
  type EventOf,
  type RefinedConfig,
} from "./define-charm";
export { eventFromEnv, type JujuContext, JujuEnvError, jujuContextFromEnv } from "./dispatch/juju-env";
export type * from "./dispatch/juju-event";
export { type ModelProxy, modelProxyFromEnv, proxyFor } from "./dispatch/model-proxy";
export { type RunCharmOptions, runCharm } from "./dispatch/run-charm";
export * from "./hook-tools";
export { createHookLogger, type HookLogger, type JujuLogSink, type Logger } from "./logging/hook-logger";
export type { JujuLogLevel } from "./logging/juju-log-level";
export { REDACTED, SecretRedactor } from "./logging/secret-redactor";
export { ActionContext } from "./model/action-context";
export { CharmContext, InvalidConfigError } from "./model/charm-context";
export { type CharmDirDigest, charmDirDigest, digestOf } from "./model/charm-dir-digest";
export * from "./model/charm-metadata";
export {
  type ConfigProblem,
  type ConfigResult,
  configSchema,
  describeConfigProblems,
  parseConfig,
} from "./model/config-schema";
export { definitionProblems } from "./model/definition-check";
export { memoize } from "./model/memoize";
export { type ParsedDatabag, Relation } from "./model/relation";
export {
  bounded,
  MAX_STATUS_MESSAGE,
  type Status,
  StatusCollector,
  type StatusName,
} from "./model/status-collector";
export { type SteadyConfig, steadyConfig } from "./model/steady-config";
export {
  type OutboundRequest,
  type OutboundResponse,
  OutboundUnreachableError,
  outboundRequest,
} from "./outbound/outbound-request";
export { SYSTEM_CA_BUNDLE, trustedCertificates } from "./outbound/system-trust-store";
