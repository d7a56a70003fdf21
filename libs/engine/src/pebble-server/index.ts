// The embedded Pebble server: one per workload container, HTTP on a unix socket, real processes.
export { type Clock, realClock } from "./clock";
export { type ContainerFilesystem, FsError, type Mount } from "./container-filesystem";
export {
  type BubblewrapOptions,
  bubblewrapSandbox,
  type ContainerProcess,
  type ContainerSandbox,
  hostProcessLauncher,
  type SpawnRequest,
} from "./container-sandbox";
export type { Notice, NoticeType } from "./notices";
export { type PebbleServer, type PebbleServerOptions, startPebbleServer } from "./pebble-server";
export type { ShutdownRequest } from "./service-supervisor";
export { type GroupEntry, UserDatabase, type UserEntry } from "./user-database";
