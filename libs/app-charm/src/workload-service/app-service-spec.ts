import type { ExecCheckSpec } from "@charmarr/pebble";

/** What a charm says once about the app it runs. */
export interface AppServiceSpec {
  /** The container in charmcraft.yaml; also the Pebble service's name. */
  container: string;
  /** The image's app binary, run without s6, e.g. `/app/radarr/bin/Radarr -nobrowser -data=/config`. */
  command: string;
  /** The TCP port the app serves on (opened with open-port). */
  port: number;
  /** An HTTP path that answers once the app serves, e.g. `/ping`. */
  readyPath: string;
  /**
   * Where the app answers once it serves, when that is not `readyPath` on `port` (Gluetun: its
   * control server, while `port` is its proxy). Default `http://127.0.0.1:<port><readyPath>`.
   */
  readyUrl?: string;
  /**
   * What Pebble's check (pebble-check-failed/-recovered) runs, when the app's health is told
   * apart (Gluetun: `/gluetun-entrypoint healthcheck`, as the image's HEALTHCHECK). Default an
   * HTTP check of the ready URL.
   */
  check?: { exec: ExecCheckSpec };
  /** Environment besides HOME and TZ. Never secrets: Pebble plans are not private. */
  environment?: Record<string, string>;
  /** How long a hook waits for the app to answer after starting it. Default 60 s. */
  startTimeoutMs?: number;
}
