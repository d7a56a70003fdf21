import type { QbittorrentProxy } from "./proxy-preferences";
import type { QbittorrentConfValue } from "./qbittorrent-conf";

// The proxy in qBittorrent.conf, for an app about to start (a running app is changed through the
// WebUI API: proxy-preferences.ts). The keys are those of qBittorrent 4.6+/5.x (`[Network]
// Proxy\Type=HTTP`, `Proxy\AuthEnabled`, `Proxy\Profiles\*`, `Proxy\HostnameLookupEnabled`), with
// the two 4.5-only keys alongside (`Proxy\OnlyForTorrents`, `[BitTorrent]
// Session\ProxyHostnameLookup`), since what version will read the file is not known before it
// starts. 4.5 reads `HTTP` as HTTP without authentication (its authenticated type is `HTTP_PW`),
// which an authenticating proxy refuses (407): nothing leaves outside the proxy, and the WebUI
// API then sets 4.5's own form (checked against qbittorrent-nox 4.5.2: the keys, and a plain
// `Proxy\Port=8888` read as the port).

const NAMES = { none: "None", http: "HTTP", socks5: "SOCKS5", socks4: "SOCKS4" } as const;

/** The qBittorrent.conf keys that configure `proxy` (`none`: no proxy, the other keys cleared). */
export function proxyConfValues(
  proxy: QbittorrentProxy,
): { section: string; key: string; value: QbittorrentConfValue }[] {
  const on = proxy.type !== "none";
  const auth = on && proxy.type !== "socks4" && Boolean(proxy.username);
  const network = (key: string, value: QbittorrentConfValue) => ({ section: "Network", key, value });
  return [
    network("Proxy\\Type", NAMES[proxy.type]),
    network("Proxy\\IP", on ? proxy.host : undefined),
    network("Proxy\\Port", on ? proxy.port : undefined),
    network("Proxy\\AuthEnabled", auth),
    network("Proxy\\Username", auth ? proxy.username : undefined),
    network("Proxy\\Password", auth ? proxy.password : undefined),
    network("Proxy\\HostnameLookupEnabled", proxy.hostnameLookup),
    network("Proxy\\Profiles\\BitTorrent", on),
    network("Proxy\\Profiles\\RSS", on && proxy.allTraffic),
    network("Proxy\\Profiles\\Misc", on && proxy.allTraffic),
    network("Proxy\\OnlyForTorrents", on && !proxy.allTraffic),
    { section: "BitTorrent", key: "Session\\ProxyPeerConnections", value: on && proxy.peerConnections },
    { section: "BitTorrent", key: "Session\\ProxyHostnameLookup", value: proxy.hostnameLookup },
  ];
}
