import type { CharmContext } from "@charmarr/charm";
import { withHostProxy } from "@charmarr/workloads";
import { type VpnRoute, vpnRoute } from "../vpn-gateway";
import type { ServarrAppSpec } from "./servarr-app-spec";
import type { ServarrConfig } from "./servarr-config";
import { describeCallFailure } from "./servarr-errors";
import { type RunningServarr, servarrClient } from "./servarr-service";

/**
 * The app's outbound proxy as the vpn-gateway relation says (Prowlarr: its indexer traffic):
 * through the gateway's HTTP proxy with the credentials it granted, local addresses (the stack's
 * own apps) bypassing it; no usable gateway, no proxy. Set through `/config/host`, live, so each
 * rotation of the proxy credentials is applied in its secret-changed hook. Returns the route and,
 * when the app refused it, why.
 */
export async function routeServarrTraffic(
  ctx: CharmContext<ServarrConfig>,
  spec: ServarrAppSpec,
  app: RunningServarr,
): Promise<{ route: VpnRoute; failure?: string }> {
  const route = await vpnRoute(ctx);
  const proxy =
    route.route === "gateway"
      ? {
          host: route.proxy.host,
          port: route.proxy.port,
          username: route.proxy.credentials.username,
          password: route.proxy.credentials.password,
        }
      : undefined;
  const client = servarrClient(spec, app.localApiUrl, app.apiKey);
  try {
    const next = withHostProxy(await client.hostConfig(), proxy);
    if (next) {
      await client.updateHostConfig(next);
      ctx.log.info({ proxy: proxy ? "gateway" : "none" }, `${spec.app}'s outbound proxy set`);
    }
    return { route };
  } catch (err) {
    const failure = describeCallFailure(err, spec.app, app.localApiUrl, "its outbound proxy");
    if (failure === undefined) throw err;
    ctx.log.warn({ error: (err as Error).message }, "could not set the app's outbound proxy");
    return { route, failure };
  }
}
