export type { Change, ChangeSelect, ChangeStatus, Task, TaskProgress, WaitChangeOptions } from "./changes";
export { parseChange, parseTask } from "./changes";
export type { CheckInfo, CheckStatus } from "./checks";
export type { ExecOptions, ExecResult } from "./exec";
export type {
  FileInfo,
  FileType,
  ListFilesOptions,
  MakeDirOptions,
  Ownership,
  PushOptions,
} from "./files-api";
export type {
  CheckLevel,
  CheckSpec,
  ExecCheckSpec,
  HttpCheckSpec,
  Layer,
  LogTargetSpec,
  LogTargetType,
  OnFailureAction,
  OnSuccessAction,
  Override,
  ServiceSpec,
  Startup,
  TcpCheckSpec,
} from "./layer";
export { layerFromWire, layerToWire } from "./layer";
export type { GetNoticesOptions, Notice, NoticeType, NotifyOptions } from "./notices";
export type { PebbleClientOptions, SystemInfo } from "./pebble-client";
export { containerSocketPath, PebbleClient } from "./pebble-client";
export {
  ExecError,
  PebbleApiError,
  PebbleChangeError,
  PebbleConnectionError,
  PebbleError,
  PebblePathError,
  PebbleProtocolError,
  TimeoutError,
} from "./pebble-errors";
export type { AddLayerOptions, Plan } from "./plan";
export type { ServiceInfo, ServiceStatus } from "./services";
