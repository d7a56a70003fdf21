import type { CharmContext, Relation } from "@charmarr/charm";
import type { CredentialsContent, OwnedSecret } from "@charmarr/secrets";
import { publishVpnGatewayProvider, VPN_GATEWAY, vpnProxyUrl } from "./vpn-gateway-data";

/** What the gateway reports on every relation. */
export interface VpnGatewayState {
  tunnel: "up" | "down";
  exitIp?: string;
}

/**
 * The provider side of vpn-gateway (Gluetun; leader only): the `proxy-credentials` secret granted
 * on every relation (and on no other), the proxy's URL (this app's Service), the tunnel's state
 * and exit IP published. Call it on every hook, update-status and Pebble check events included,
 * so requirers see a tunnel going down within one hook. Returns the relations.
 */
export async function provideVpnGateway(
  ctx: CharmContext<unknown>,
  proxyCredentials: OwnedSecret<CredentialsContent>,
  state: VpnGatewayState,
): Promise<Relation[]> {
  const relations = await ctx.relations(VPN_GATEWAY);
  const proxyUrl = vpnProxyUrl(ctx.app.name, ctx.model.name);
  await Promise.all([
    proxyCredentials.grant(relations),
    ...relations.map((relation) =>
      publishVpnGatewayProvider(relation, {
        proxyUrl,
        proxyCredentialsSecretId: proxyCredentials.id,
        tunnel: state.tunnel,
        ...(state.exitIp ? { exitIp: state.exitIp } : {}),
      }),
    ),
  ]);
  return relations;
}
