import { normaliseDownloadDir, sharedChmodMode } from "@charmarr/app-charm";
import {
  QBITTORRENT_PROTECTIONS,
  QbittorrentConf,
  type QbittorrentCredentials,
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

/** Re-asserted on every hook. */
export function managedSettings(
  config: Pick<QbittorrentConfig, "download-dir" | "torrent-port" | "peer-discovery">,
  umask: string,
): QbittorrentSettings {
  const discovery = config["peer-discovery"];
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
 */
export async function wantedConf(
  current: string | undefined,
  settings: QbittorrentSettings,
  credentials: QbittorrentCredentials,
  held = false,
): Promise<string> {
  if (current === undefined) {
    return (await QbittorrentConf.create(FIRST_START).with(settings).withCredentials(credentials)).toString();
  }
  const conf = QbittorrentConf.parse(current).with(settings);
  return (held ? conf : await conf.withCredentials(credentials)).toString();
}
