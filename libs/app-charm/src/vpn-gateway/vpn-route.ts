import type { CharmContext } from "@charmarr/charm";
import { readVpnGateway, VPN_GATEWAY, type VpnProxy } from "@charmarr/interfaces";

/**
 * Where an app's outside traffic goes, as the vpn-gateway relation and the app's kill switch say:
 * - `gateway`: through the related gateway's proxy (the tunnel may be down: the proxy then
 *   refuses to forward, and a downloader pauses its work);
 * - `direct`: no usable gateway and no kill switch: straight out, an explicit choice (`note`
 *   says so in the status);
 * - `held`: the kill switch is on and there is no usable gateway: the app must not reach out
 *   at all (`reason` for the status; `blocked` when the operator must act, waiting otherwise).
 */
export type VpnRoute =
  | { route: "gateway"; gateway: string; proxy: VpnProxy; tunnel: "up" | "down"; exitIp?: string }
  | { route: "direct"; note: string }
  | { route: "held"; reason: string; blocked: boolean };

export interface VpnRouteOptions {
  /** The app's kill switch (config option `kill-switch`); absent: the app has none. */
  killSwitch?: boolean;
}

/** The message of a kill switch with no gateway related: names the option and the relation. */
export function noGatewayMessage(app: string): string {
  return `kill-switch is on and there is no ${VPN_GATEWAY}: juju integrate ${app}:${VPN_GATEWAY} gluetun:${VPN_GATEWAY}, or juju config ${app} kill-switch=false`;
}

/** The route this hook, from the related gateway's data and the kill switch. Read once per hook. */
export function vpnRoute(ctx: CharmContext<unknown>, options: VpnRouteOptions = {}): Promise<VpnRoute> {
  return ctx.memo(ROUTE, async (): Promise<VpnRoute> => {
    const gateway = await readVpnGateway(ctx);
    if (gateway.ok) {
      return {
        route: "gateway",
        gateway: gateway.remoteApp,
        proxy: gateway.proxy,
        tunnel: gateway.tunnel,
        ...(gateway.exitIp === undefined ? {} : { exitIp: gateway.exitIp }),
      };
    }
    const killSwitch = options.killSwitch ?? false;
    if (gateway.relation === undefined) {
      return killSwitch
        ? { route: "held", reason: noGatewayMessage(ctx.app.name), blocked: true }
        : {
            route: "direct",
            note:
              options.killSwitch === undefined
                ? ""
                : `no ${VPN_GATEWAY}: connecting directly (kill-switch off)`,
          };
    }
    if (killSwitch) return { route: "held", reason: `kill-switch is on: ${gateway.reason}`, blocked: false };
    return { route: "direct", note: `${gateway.reason}; connecting directly meanwhile` };
  });
}

const ROUTE = Symbol("vpn route");

/** `through gluetun (exit 198.51.100.7)`, for an Active status. */
export function routeNote(route: VpnRoute): string {
  if (route.route === "direct") return route.note;
  if (route.route === "held") return route.reason;
  return `through ${route.gateway}${route.exitIp ? ` (exit ${route.exitIp})` : ""}`;
}
