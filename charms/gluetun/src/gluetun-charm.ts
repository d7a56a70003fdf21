import { patchOwnPodTemplate } from "@charmarr/app-charm";
import { defineCharm, steadyConfig } from "@charmarr/charm";
import { provideVpnGateway } from "@charmarr/interfaces";
import type { ConnectOptions } from "@charmarr/kubernetes";
import metadata from "../charmcraft.yaml";
import { gluetunService } from "./gluetun-app";
import { gluetunOptions } from "./gluetun-config";
import { type TunnelState, tunnelState } from "./gluetun-control";
import { gluetunPlan, runGluetun } from "./gluetun-run";
import { controlApiKey, proxyCredentials } from "./gluetun-secrets";
import { tunnelAsReported } from "./steady-tunnel";
import { tunDevice } from "./tun-device";
import { tunnelStatus } from "./tunnel-status";

export interface GluetunCharmOptions {
  /** Where the Kubernetes API is, asked per hook (tests); by default the pod's in-cluster settings. */
  kubernetes?: () => ConnectOptions;
}

const DOWN: TunnelState = { tunnel: "down" };

/**
 * Gluetun is the stack's VPN gateway: an HTTP proxy whose traffic leaves only through the
 * tunnel. The operator's VPN credentials (a user secret) reach it only as 0600 files; the proxy
 * credentials are a Juju secret the charm rotates and grants on every vpn-gateway relation,
 * with the tunnel's state and exit address, so qBittorrent and Prowlarr route through it and
 * stop when it is down. The tunnel needs NET_ADMIN and /dev/net/tun: a patch of the
 * application's own StatefulSet (juju trust).
 */
export function gluetunCharm(options: GluetunCharmOptions = {}) {
  return defineCharm({
    metadata,
    config: gluetunOptions,
    // The control key's feature prunes its revisions; the proxy's brings rotation and the action.
    features: [controlApiKey.feature, proxyCredentials.feature],
    async reconcile(ctx) {
      if (!(await ctx.isLeader())) {
        // Gluetun runs on the leader only; the others keep theirs stopped.
        await gluetunService.run(ctx, async () => ({ restart: false }));
        return;
      }
      // A steady hook (an update-status, a config-changed that changed nothing): the tunnel as
      // the status says keeps it, nothing else is read.
      const steady = steadyConfig(ctx, "gluetun");
      const kept = await steady.status();
      if (kept && (await tunnelAsReported(ctx, kept))) return ctx.status.active(kept.message);

      // The proxy credentials exist whatever else is wrong: related apps always have a secret and
      // a tunnel state, "down" until Gluetun says otherwise.
      const proxy = await proxyCredentials.get(ctx);
      if (!proxy.ok) return ctx.status.waiting(proxy.reason);
      const publish = (state: TunnelState) => provideVpnGateway(ctx, proxy.secret, state);

      const plan = await gluetunPlan(ctx);
      if (!plan.ok) {
        ctx.status.blocked(plan.reason);
        return void (await publish(DOWN));
      }
      if (!(await patchOwnPodTemplate(ctx, tunDevice, options.kubernetes?.()))) {
        return void (await publish(DOWN));
      }
      const key = await controlApiKey.get(ctx);
      if (!key.ok) return ctx.status.waiting(key.reason);
      const app = await runGluetun(ctx, plan, proxy.secret.content, key.secret.content);
      if (!app.ok) return void (await publish(DOWN));

      const state = await tunnelState(key.secret.content["api-key"]);
      await publish(state);
      const status = tunnelStatus(state);
      if (status.name === "active") steady.remember();
      ctx.status.add(status.name, status.message);
    },
  });
}
