import type { ServarrAppSpec } from "@charmarr/app-charm";

/**
 * Radarr in the LinuxServer image, run by Pebble without s6: its binary in the foreground with
 * its data on the config storage, serving its web UI and API v3 on 7878.
 */
export const radarr: ServarrAppSpec<"radarr"> = {
  app: "radarr",
  container: "radarr",
  command: "/app/radarr/bin/Radarr -nobrowser -data=/config",
  port: 7878,
  // Every leader hook reads these: started together while the key is read.
  prefetch: [
    { endpoint: "media-indexer", reads: ["remoteApp", "remoteAppData", "localAppData"] },
    { endpoint: "media-manager", reads: ["localAppData"] },
    { endpoint: "download-client", reads: ["remoteApp", "remoteAppData", "localAppData"] },
  ],
};
