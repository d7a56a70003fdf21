import { normaliseDownloadDir, sharedChmodMode } from "@charmarr/app-charm";
import {
  proxyConfValues,
  QBITTORRENT_PROTECTIONS,
  QbittorrentConf,
  type QbittorrentCredentials,
  type QbittorrentProxy,
  type QbittorrentSettings,
} from "@charmarr/workloads";
import { type QbittorrentConfig, WEBUI_PORT } from "./qbittorrent-config";

// What the charm keeps in qBittorrent.conf. Everything else in the file (and in the web UI) is
// the operator's.

/** Written into a new profile only: the operator may turn it back on in the web UI. */
const FIRST_START: QbittorrentSettings = {
  // Peer country flags download db-ip's GeoIP database at every start.
  resolvePeerCountries: false,
};

/**
 * Re-asserted on every hook. `routed`: through a VPN gateway's HTTP proxy, which cannot carry
 * DHT, LSD, PeX or uTP (qbittorrent-routing.ts): those are off whatever peer-discovery says.
 */
export function managedSettings(
  config: Pick<QbittorrentConfig, "download-dir" | "torrent-port" | "peer-discovery">,
  umask: string,
  routed = false,
): QbittorrentSettings {
  const discovery = config["peer-discovery"] && !routed;
  return {
    // 5.x refuses to start without it (4.5 asks only on a terminal).
    legalNoticeAccepted: true,
    webUiEnabled: true,
    // Every address of the pod, as in Kubernetes: the charm calls it on the pod's loopback, other
    // apps at the pod IP (docs/charms/qbittorrent.md).
    webUiAddress: "*",
    webUiPort: WEBUI_PORT,
    // Any Host name (ingress names vary); Host validation itself stays on.
    serverDomains: "*",
    ...QBITTORRENT_PROTECTIONS,
    // UPnP/NAT-PMP mean nothing in a pod.
    webUiUpnp: false,
    portForwarding: false,
    torrentPort: config["torrent-port"],
    // Empty: peers on any address of the pod.
    networkInterfaceAddress: "",
    dht: discovery,
    lsd: discovery,
    pex: discovery,
    btProtocol: routed ? "TCP" : "Both",
    defaultSavePath: normaliseDownloadDir(config["download-dir"]),
    // A manager adds its torrents with its category only: the category's folder must decide
    // where they go (Automatic Torrent Management), or every download lands in the default path.
    disableAutoTmmByDefault: false,
    // qBittorrent runs with umask 077: it rewrites qBittorrent.conf (with the password's hash) with
    // the process umask, so a sharing umask would leave the hash group-readable. A finished
    // download is shared instead, as the stack's umask says, before a manager imports it.
    autorunEnabled: true,
    autorunProgram: `chmod -R ${sharedChmodMode(umask)} "%F"`,
  };
}

/**
 * qBittorrent.conf as the charm wants it: `current` (or a new profile) with the managed settings
 * and these credentials. The password hash is kept when it already matches, so the same
 * settings give the same text and nothing is written (no re-salting). `held`: this hook already
 * proved that `current` holds the credentials, which spares a PBKDF2 derivation (~60 ms).
 * `proxy`: for an app about to start, the proxy it must use from its first connection (a running
 * app gets it through the WebUI API instead, live: qbittorrent-routing.ts).
 */
export async function wantedConf(
  current: string | undefined,
  settings: QbittorrentSettings,
  credentials: QbittorrentCredentials,
  held = false,
  proxy?: QbittorrentProxy,
): Promise<string> {
  let conf = current === undefined ? QbittorrentConf.create(FIRST_START) : QbittorrentConf.parse(current);
  conf = conf.with(settings);
  if (proxy) conf = conf.withValues(proxyConfValues(proxy));
  return (held && current !== undefined ? conf : await conf.withCredentials(credentials)).toString();
}
