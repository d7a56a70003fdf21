import { declareMetadata, defineCharm } from "@charmarr/charm";
import { credentialsContent, ownedSecret, randomPassword } from "@charmarr/secrets";
import { provideVpnGateway } from "../src/vpn-gateway/vpn-gateway-provider";

// A VPN gateway for the requirers' tests (in-process): the provider side of vpn-gateway as Gluetun
// runs it (the `proxy-credentials` secret granted, the proxy at the app's own Service), with the
// tunnel and exit IP set by config, and the proxy credentials rotated by `rotation-interval`
// (advance the clock). No proxy runs behind it: the requirers' tests check what the app is told.

export const VPN_GATEWAY_CHARM_META = {
  name: "gluetun",
  config: {
    options: {
      "rotation-interval": { type: "string" as const, default: "monthly" },
      /** `up` or `down`, published as is. */
      tunnel: { type: "string" as const, default: "up" },
      /** Published when not empty. */
      "exit-ip": { type: "string" as const, default: "198.51.100.7" },
    },
  },
  provides: { "vpn-gateway": { interface: "vpn-gateway" } },
};

type GatewayConfig = { "rotation-interval": string; tunnel: string; "exit-ip": string };

/** The proxy credentials as the gateway's proxy takes them (a test proxy may follow it). */
export const gatewayProxyCredentials = new Map<string, { username: string; password: string }>();

const proxyCredentials = ownedSecret({
  label: "proxy-credentials",
  description: "test VPN gateway proxy credentials",
  schema: credentialsContent,
  // A username no status or log line contains by chance (secret values are redacted everywhere).
  generate: () => ({ username: "gwuser", password: randomPassword() }),
  workload: async (ctx) => ({
    apply: async (next) => {
      gatewayProxyCredentials.set(ctx.app.name, next);
    },
    accepts: async (value) => {
      const live = gatewayProxyCredentials.get(ctx.app.name);
      return live === undefined || live.password === value.password;
    },
  }),
});

export const vpnGatewayCharm = defineCharm({
  metadata: declareMetadata<GatewayConfig>(VPN_GATEWAY_CHARM_META),
  features: [proxyCredentials.feature],
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    const found = await proxyCredentials.get(ctx);
    if (!found.ok) return ctx.status.waiting(found.reason);
    gatewayProxyCredentials.set(ctx.app.name, found.secret.content);
    const tunnel = ctx.config.tunnel === "down" ? "down" : "up";
    const exitIp = ctx.config["exit-ip"];
    await provideVpnGateway(ctx, found.secret, { tunnel, ...(exitIp ? { exitIp } : {}) });
    ctx.status.active(`tunnel ${tunnel}`);
  },
});
