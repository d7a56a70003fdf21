import type { CharmContext, Relation } from "@charmarr/charm";
import { type CredentialsContent, credentialsContent, readGrantedSecret } from "@charmarr/secrets";
import { readVpnGatewayProvider, serviceHostsOf, VPN_GATEWAY } from "./vpn-gateway-data";

/** The proxy to route through: where it is, how to log in, and whether it carries traffic now. */
export interface VpnProxy {
  host: string;
  port: number;
  credentials: CredentialsContent;
}

/** The related gateway, or why it cannot be used (no relation: `relation` undefined). */
export type RelatedVpnGateway =
  | {
      ok: true;
      relation: Relation;
      remoteApp: string;
      proxy: VpnProxy;
      tunnel: "up" | "down";
      exitIp?: string;
    }
  | { ok: false; relation: Relation | undefined; remoteApp?: string; reason: string };

/**
 * The requirer side of vpn-gateway (limit 1). Reads Gluetun's data and the proxy credentials it
 * granted (a consumer label and `--refresh`, so each rotation brings a secret-changed hook).
 * The proxy's host must be the remote application's own Service and the secret the remote
 * application's own: a related app cannot send our traffic, or another app's credentials,
 * elsewhere. Missing or bad data is a reason to wait (bad data with a warning), never a failed hook.
 */
export async function readVpnGateway(ctx: CharmContext<unknown>): Promise<RelatedVpnGateway> {
  const relation = (await ctx.relations(VPN_GATEWAY))[0];
  if (!relation) return { ok: false, relation, reason: `no ${VPN_GATEWAY} relation` };
  const where = `${VPN_GATEWAY}:${relation.id}`;
  const [remoteApp, provider] = await Promise.all([relation.remoteApp(), readVpnGatewayProvider(relation)]);
  const waiting = (reason: string): RelatedVpnGateway => ({ ok: false, relation, remoteApp, reason });
  if (!provider.ok) {
    return waiting(
      provider.reason === "no data yet"
        ? `waiting for ${remoteApp} to publish its proxy on ${where}`
        : provider.reason,
    );
  }
  const url = new URL(provider.data.proxyUrl);
  if (!serviceHostsOf(remoteApp, ctx.model.name).includes(url.hostname)) {
    ctx.log.warn(
      { relation: where, app: remoteApp },
      "ignoring a proxy URL that is not the related application's Service",
    );
    return waiting(`${remoteApp}'s proxy URL on ${where} is not ${remoteApp}'s own Service; ignoring it`);
  }
  const secret = await readGrantedSecret(
    ctx,
    relation,
    provider.data.proxyCredentialsSecretId,
    credentialsContent,
  );
  if (!secret.ok) return waiting(secret.reason);
  return {
    ok: true,
    relation,
    remoteApp,
    proxy: { host: url.hostname, port: Number(url.port), credentials: secret.content },
    tunnel: provider.data.tunnel,
    ...(provider.data.exitIp === undefined ? {} : { exitIp: provider.data.exitIp }),
  };
}
