// The embedded Juju: model engine, hook tools, unit processes and Pebble servers.
export * from "./charm-archive/charm-archive";
export * from "./events";
export { HookContext } from "./hook-context/hook-context";
export type { ContextOptions, HookEnv } from "./hook-context/hook-env";
export { HOOK_TOOLS } from "./hook-tools/registry";
export * from "./kubernetes";
export { ActionParamsError, resolveActionParams } from "./model/action-params";
export { type CharmMeta, CharmMetaError, type ConfigValue, parseCharmMeta } from "./model/charm-meta";
export { ManualClock, type ModelClock, systemClock } from "./model/clock";
export type { CommitResult } from "./model/commit-error";
export { ConfigError } from "./model/config";
export type { HookChanges } from "./model/hook-changes";
export { type CloudSpec, type DeployOptions, Model, ModelError, type ModelOptions } from "./model/model";
export { MODEL_CONFIG_DEFAULTS, type ModelConfig, type ModelConfigKey } from "./model/model-config";
export type { ModelNotification } from "./model/notifications";
export type { LogLevel, LogRecord, TaskRecord } from "./model/records";
export { RelationError } from "./model/relations";
export {
  EXPIRE_RETRY_DELAY_MS,
  nextRotateTime,
  ROTATE_RETRY_DELAY_MS,
  type RotatePolicy,
} from "./model/rotate-policy";
export { parseSecretUri, secretUriFor, shortSecretUri } from "./model/secret-uri";
export type {
  AppRecord,
  ModelState,
  RelationRecord,
  SecretRecord,
  StatusInfo,
  UnitRecord,
} from "./model/state";
export * from "./pebble-server";
export * from "./unit-process";
export * from "./workload";
