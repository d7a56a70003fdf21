import type { ServarrAppSpec } from "@charmarr/app-charm";

/**
 * Prowlarr in the LinuxServer image, run by Pebble without s6: its binary in the foreground
 * with its data on the config storage, serving its web UI and API v1 on 9696.
 */
export const prowlarr: ServarrAppSpec<"prowlarr"> = {
  app: "prowlarr",
  container: "prowlarr",
  command: "/app/prowlarr/bin/Prowlarr -nobrowser -data=/config",
  port: 9696,
  // Every leader hook reads these: started together while the key is read.
  prefetch: [
    { endpoint: "media-indexer", reads: ["remoteApp", "localAppData"] },
    // The VPN gateway's proxy (its indexer traffic goes through it).
    { endpoint: "vpn-gateway", reads: ["remoteApp", "remoteAppData"] },
  ],
};
