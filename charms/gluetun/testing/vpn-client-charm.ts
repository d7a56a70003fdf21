import { randomBytes } from "node:crypto";
import { declareMetadata, defineCharm } from "@charmarr/charm";
import { readVpnGateway } from "@charmarr/interfaces";

/** A requirer of vpn-gateway as qBittorrent or Prowlarr runs it: Active naming the proxy and tunnel. */
export const VPN_CLIENT_METADATA = {
  name: "vpn-client",
  requires: { "vpn-gateway": { interface: "vpn-gateway", limit: 1 } },
};

export const vpnClientCharm = defineCharm({
  metadata: declareMetadata(VPN_CLIENT_METADATA),
  async reconcile(ctx) {
    const gateway = await readVpnGateway(ctx);
    if (!gateway.ok) return ctx.status.waiting(gateway.reason);
    const { host, port } = gateway.proxy;
    ctx.status.active(`proxy at ${host}:${port}, tunnel ${gateway.tunnel}`);
  },
});

/** A WireGuard private key as `wg genkey` prints it (base64 of 32 random bytes): a fresh one per call. */
export function wireguardKey(): string {
  return randomBytes(32).toString("base64");
}
