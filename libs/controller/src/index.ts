export { type ApiServer, type ApiServerOptions, MAX_MESSAGE_BYTES, startApiServer } from "./api/api-server";
export {
  type ControllerInfo,
  controllerInfoFile,
  processAlive,
  readControllerInfo,
} from "./daemon/controller-info";
export { main, runController } from "./daemon/controller-process";
export type { ModelChange, ModelHost, StoredCharm, WorkloadKind } from "./model-host";
export { CharmStore, type CharmStoreIndex } from "./runtime/charm-store";
export { EmbeddedHost, type EmbeddedHostOptions } from "./runtime/embedded-host";
export { HookLoop, type HookLoopOptions } from "./runtime/hook-loop";
export { ModelLogFile } from "./runtime/model-log";
export { workloadKindOf } from "./runtime/workload-kind";
export type { ControllerState } from "./state/controller-state";
export {
  EncryptedStore,
  loadOrCreateKey,
  StateKeyError,
  seal,
  unseal,
  writeFileAtomic,
} from "./state/encrypted-store";
export {
  type ControllerHome,
  checkPrivate,
  defaultHomeDir,
  homeLayout,
  openHome,
  UnsafePermissionsError,
} from "./state/home";
