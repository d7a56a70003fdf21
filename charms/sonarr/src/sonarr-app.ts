import type { ServarrAppSpec } from "@charmarr/app-charm";

/**
 * Sonarr in the LinuxServer image, run by Pebble without s6: its binary in the foreground with
 * its data on the config storage, serving its web UI and API v3 on 8989.
 */
export const sonarr: ServarrAppSpec<"sonarr"> = {
  app: "sonarr",
  container: "sonarr",
  command: "/app/sonarr/bin/Sonarr -nobrowser -data=/config",
  port: 8989,
  // Every leader hook reads these: started together while the key is read.
  prefetch: [
    { endpoint: "media-indexer", reads: ["remoteApp", "remoteAppData", "localAppData"] },
    { endpoint: "media-manager", reads: ["localAppData"] },
    { endpoint: "download-client", reads: ["remoteApp", "remoteAppData", "localAppData"] },
  ],
};
