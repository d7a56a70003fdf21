export { actionResultArgs } from "./action-results";
export type { ConfigValue } from "./config-tools";
export type { CloudCredential, CloudSpec } from "./credential-tools";
export { type GoalState, type GoalStatus, plannedUnits } from "./goal-state-tools";
export {
  HookToolError,
  hookToolError,
  InvalidArgumentError,
  ModelError,
  NotFoundError,
  NotLeaderError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
  ToolSpawnError,
  UnexpectedOutputError,
  UsageError,
} from "./hook-tool-error";
export { HookTools } from "./hook-tools";
export type { BindAddress, NetworkAddress, NetworkInfo } from "./network-tools";
export type { OpenedPort, Port, PortLike, PortOptions } from "./port-tools";
export { formatPort } from "./port-tools";
export { ProcessToolRunner } from "./process-runner";
export { parseRelationId, type RelationIdLike } from "./relation-id";
export type { Databag } from "./relation-tools";
export {
  isValidSecretKey,
  type SecretContent,
  sweepSecretContentFiles,
  validateSecretContent,
  withSecretContentFiles,
} from "./secret-content-files";
export { isSecretId, type ParsedSecretId, parseSecretId, sameSecret, secretXid } from "./secret-id";
export {
  ROTATE_POLICIES,
  type RotatePolicy,
  type SecretAccess,
  type SecretAddOptions,
  type SecretGetOptions,
  type SecretInfo,
  type SecretInfoRef,
  type SecretMetadata,
  type SecretOwner,
  type SecretRef,
  type SecretRevokeTarget,
  type SecretSetOptions,
} from "./secret-tools";
export {
  type ApplicationStatusInfo,
  SETTABLE_STATUSES,
  type SettableStatus,
  type StatusInfo,
} from "./status-tools";
export type { StorageInfo } from "./storage-tools";
export type { ToolOutput, ToolRunner } from "./tool-runner";
