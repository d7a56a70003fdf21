import { type VpnRoute, vpnRoute } from "@charmarr/app-charm";
import type { CharmContext } from "@charmarr/charm";
import {
  namesProxyTypes,
  proxyPreferences,
  type QbittorrentPreferencesUpdate,
  type QbittorrentProxy,
} from "@charmarr/workloads";
import type { Config } from "../charmcraft.yaml";

// Where qBittorrent's traffic goes (docs/charms/qbittorrent.md, "VPN gateway"). Through the
// gateway, everything goes through its HTTP proxy: trackers, peers, host name lookups, RSS and
// the rest; what an HTTP proxy cannot carry is off: DHT, Local Peer Discovery and Peer Exchange
// (UDP, multicast, or peers learnt outside the trackers), uTP (UDP: TCP only) and UPnP/NAT-PMP.

/** The route this hook: the vpn-gateway relation and the `kill-switch` option. */
export function qbittorrentRoute(ctx: CharmContext<Config>): Promise<VpnRoute> {
  return vpnRoute(ctx, { killSwitch: ctx.config["kill-switch"] });
}

/** The proxy qBittorrent uses on this route; type `none` off the gateway. */
export function routeProxy(route: VpnRoute): QbittorrentProxy {
  if (route.route !== "gateway") {
    return {
      type: "none",
      host: "",
      port: 0,
      peerConnections: false,
      hostnameLookup: true,
      allTraffic: false,
    };
  }
  const { host, port, credentials } = route.proxy;
  return {
    type: "http",
    host,
    port,
    username: credentials.username,
    password: credentials.password,
    peerConnections: true,
    hostnameLookup: true,
    allTraffic: true,
  };
}

/** What the WebUI API sets for this route (applied live, no restart), in the server's own format. */
export function routingPreferences(
  route: VpnRoute,
  peerDiscovery: boolean,
  webApiVersion: string,
): QbittorrentPreferencesUpdate {
  if (route.route === "gateway") {
    return {
      ...proxyPreferences(routeProxy(route), webApiVersion),
      dht: false,
      lsd: false,
      pex: false,
      bittorrent_protocol: 1, // TCP only
      upnp: false,
    };
  }
  return {
    proxy_type: namesProxyTypes(webApiVersion) ? "None" : 0,
    proxy_username: "",
    proxy_password: "",
    dht: peerDiscovery,
    lsd: peerDiscovery,
    pex: peerDiscovery,
    bittorrent_protocol: 0, // TCP and uTP
    upnp: false,
  };
}
