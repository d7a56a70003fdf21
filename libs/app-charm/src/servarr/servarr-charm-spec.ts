import type { ServarrApp } from "@charmarr/workloads";

/** What a Servarr charm says once about its app: the data that differs between the three. */
export interface ServarrCharmSpec {
  /** Which app: sets the API version, the name in messages, and the Prowlarr registration kind. */
  app: ServarrApp;
  /** The container in charmcraft.yaml; also the Pebble service's name. */
  container: string;
  /** The image's app binary, run without s6 (LinuxServer's own arguments). */
  command: string;
  /** The port the app serves on; written to config.xml and opened. */
  port: number;
  /** How long a hook waits for the app after starting it. Default 60 s. */
  startTimeoutMs?: number;
}
