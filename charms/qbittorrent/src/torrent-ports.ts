import type { CharmContext } from "@charmarr/charm";
import { WEBUI_PORT } from "./qbittorrent-config";

const PROTOCOLS = ["tcp", "udp"] as const;

/**
 * The peer port (`torrent-port`) open on TCP and UDP, where qBittorrent listens for peers; the
 * ones of an earlier `torrent-port` closed. The WebUI's port is the app service's. Opened ports
 * stay open: like the WebUI's, skipped in update-status, the most frequent hook.
 */
export async function openTorrentPorts(ctx: CharmContext<unknown>, port: number): Promise<void> {
  if (ctx.event.kind === "update-status") return;
  const opened = await ctx.tools.openedPorts();
  for (const old of opened) {
    if (old.protocol === "icmp" || old.port === port || (old.protocol === "tcp" && old.port === WEBUI_PORT)) {
      continue;
    }
    await ctx.tools.closePort(old);
  }
  for (const protocol of PROTOCOLS) {
    if (!opened.some((p) => p.protocol === protocol && p.port === port && p.toPort === undefined)) {
      await ctx.tools.openPort({ protocol, port });
    }
  }
}
