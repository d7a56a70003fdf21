// What the apps that route through a VPN gateway (qBittorrent, Prowlarr) share: where their
// traffic goes this hook, and how the status says it.
export { noGatewayMessage, routeNote, type VpnRoute, type VpnRouteOptions, vpnRoute } from "./vpn-route";
