import type { ServarrApp } from "@charmarr/workloads";

/** Relation reads a Servarr charm makes in every leader hook: started early, while the key is read. */
export interface RelationPrefetch {
  endpoint: string;
  reads: readonly ("remoteApp" | "remoteAppData" | "localAppData")[];
}

/** What a Servarr charm says once about its app (its `<app>-app.ts`): the facts that differ. */
export interface ServarrAppSpec<A extends ServarrApp = ServarrApp> {
  /** Which app: sets the API version, the name in messages, and the Prowlarr registration kind. */
  app: A;
  /** The container in charmcraft.yaml; also the Pebble service's name. */
  container: string;
  /** The image's app binary, run without s6 (LinuxServer's own arguments). */
  command: string;
  /** The port the app serves on; written to config.xml and opened. */
  port: number;
  /** How long a hook waits for the app after starting it. Default 60 s. */
  startTimeoutMs?: number;
  /** The relation reads every leader hook of this charm makes. */
  prefetch?: readonly RelationPrefetch[];
}
