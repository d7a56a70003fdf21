import type { AppState, VpnRoute } from "@charmarr/app-charm";
import type { CharmContext } from "@charmarr/charm";
import { QbittorrentClient, type QbittorrentCredentials, QbittorrentError } from "@charmarr/workloads";
import type { Config } from "../charmcraft.yaml";
import { holdsPausedTorrents, pauseEveryTorrent, resumeWhatWasPaused } from "./kill-switch";
import { CONTAINER } from "./qbittorrent-app";
import { routingPreferences } from "./qbittorrent-routing";

type Ctx = CharmContext<Config>;

/**
 * The kill switch with no usable gateway: qBittorrent does not run at all (nothing can leave
 * outside the tunnel, not even a DHT bootstrap or a tracker announce at start), and the status
 * names the fix. Its torrents keep their state and carry on once it runs again through a gateway.
 */
export async function holdDownloads(ctx: Ctx, route: Extract<VpnRoute, { route: "held" }>): Promise<void> {
  const pebble = ctx.container(CONTAINER);
  if (await pebble.canConnect()) {
    const [service] = await pebble.getServices([CONTAINER]);
    if (service?.current === "active") {
      ctx.log.info("stopping qBittorrent: the kill switch is on and there is no usable VPN gateway");
      await pebble.stopServices([CONTAINER]);
    }
  }
  if (route.blocked) ctx.status.blocked(route.reason);
  else ctx.status.waiting(route.reason);
}

/**
 * The route applied to the running app through the WebUI API, live (the proxy and its
 * credentials, rotations included, and what the proxy cannot carry), then the kill switch: every
 * torrent paused while the gateway's tunnel is down, those the charm paused resumed once it is
 * up (or once the app no longer goes through a gateway). Returns the reasons to wait.
 */
export async function routeDownloads(
  ctx: Ctx,
  app: Extract<AppState, { ok: true }>,
  credentials: QbittorrentCredentials,
  route: VpnRoute,
): Promise<{ waiting: string[] }> {
  const client = new QbittorrentClient({ url: app.localUrl, ...credentials });
  const tunnelDown = route.route === "gateway" && route.tunnel === "down";
  const killSwitch = ctx.config["kill-switch"];
  try {
    const version = await client.webApiVersion();
    const prefs = routingPreferences(route, ctx.config["peer-discovery"], version);
    if (await client.ensurePreferences(prefs))
      ctx.log.info({ route: route.route }, "qBittorrent's routing applied");
    if (tunnelDown && route.route === "gateway") {
      if (!killSwitch) {
        return {
          waiting: [
            `VPN tunnel down on ${route.gateway}: nothing downloads until it is up (kill-switch off: torrents not paused)`,
          ],
        };
      }
      const paused = await pauseEveryTorrent(app.pebble, client);
      if (paused > 0) ctx.log.info({ paused }, "VPN tunnel down: torrents paused");
      return { waiting: [`VPN tunnel down on ${route.gateway}: every torrent paused`] };
    }
    if (await holdsPausedTorrents(app.pebble)) {
      const resumed = await resumeWhatWasPaused(app.pebble, client);
      ctx.log.info({ resumed }, "torrents paused by the kill switch resumed");
    }
    return { waiting: [] };
  } catch (err) {
    if (!(err instanceof QbittorrentError)) throw err;
    ctx.log.warn({ error: err.message }, "could not apply the VPN route through qBittorrent's WebUI API");
    if (tunnelDown && killSwitch) {
      // The torrents could not be paused: the app must not run meanwhile.
      await app.pebble.stopServices([CONTAINER]);
      return { waiting: [`VPN tunnel down on ${route.gateway}: qBittorrent stopped (${err.message})`] };
    }
    return { waiting: [`qBittorrent's routing not applied yet: ${err.message}`] };
  } finally {
    await client.close().catch(() => undefined);
  }
}
