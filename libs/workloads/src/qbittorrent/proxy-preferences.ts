import type { QbittorrentPreferences, QbittorrentPreferencesUpdate } from "./qbittorrent-resources";

// The proxy in app/preferences changed shape with WebAPI 2.9 (qBittorrent 4.6) (specs/app-apis.md
// §i): `proxy_type` went from an integer (auth folded into the type) to a name, and the scope
// flags changed. A 4.5 server given "HTTP" silently reads 0 (no proxy); a 4.6+ server given an
// integer silently reads None. So the body is built for the server's own WebAPI version.

export type QbittorrentProxyType = "none" | "http" | "socks5" | "socks4";

export interface QbittorrentProxy {
  type: QbittorrentProxyType;
  host: string;
  port: number;
  /** Authenticate when set (SOCKS4 has no authentication). */
  username?: string;
  password?: string;
  /** Also send peer connections through the proxy. */
  peerConnections: boolean;
  /** Resolve host names through the proxy. */
  hostnameLookup: boolean;
  /**
   * Use the proxy for RSS and other traffic (updates, search) as well as BitTorrent. Up to
   * WebAPI 2.8 this maps to `proxy_torrents_only: !allTraffic`; from 2.9 to proxy_rss/proxy_misc.
   */
  allTraffic: boolean;
}

/** [major, minor, patch] of a WebAPI version such as "2.8.19". */
export function parseWebApiVersion(version: string): [number, number, number] {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) throw new TypeError(`not a WebAPI version: ${JSON.stringify(version.slice(0, 20))}`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** Whether the server names proxy types (WebAPI >= 2.9, qBittorrent >= 4.6). */
export function namesProxyTypes(webApiVersion: string): boolean {
  const [major, minor] = parseWebApiVersion(webApiVersion);
  return major > 2 || (major === 2 && minor >= 9);
}

const LEGACY_TYPES: Readonly<Record<QbittorrentProxyType, { plain: number; auth: number }>> = {
  none: { plain: 0, auth: 0 },
  http: { plain: 1, auth: 3 },
  socks5: { plain: 2, auth: 4 },
  socks4: { plain: 5, auth: 5 },
};

const NAMED_TYPES: Readonly<Record<QbittorrentProxyType, string>> = {
  none: "None",
  http: "HTTP",
  socks5: "SOCKS5",
  socks4: "SOCKS4",
};

/** The setPreferences body that configures `proxy` on a server of `webApiVersion`. */
export function proxyPreferences(
  proxy: QbittorrentProxy,
  webApiVersion: string,
): QbittorrentPreferencesUpdate {
  if (!Number.isInteger(proxy.port) || proxy.port < 0 || proxy.port > 65535) {
    throw new TypeError(`proxy port must be 0..65535, got ${proxy.port}`);
  }
  const auth = Boolean(proxy.username) && proxy.type !== "socks4" && proxy.type !== "none";
  const common: QbittorrentPreferencesUpdate = {
    proxy_ip: proxy.host,
    proxy_port: proxy.port,
    proxy_username: auth ? (proxy.username ?? "") : "",
    proxy_password: auth ? (proxy.password ?? "") : "",
    proxy_peer_connections: proxy.peerConnections,
    proxy_hostname_lookup: proxy.hostnameLookup,
  };
  if (!namesProxyTypes(webApiVersion)) {
    const codes = LEGACY_TYPES[proxy.type];
    return { ...common, proxy_type: auth ? codes.auth : codes.plain, proxy_torrents_only: !proxy.allTraffic };
  }
  return {
    ...common,
    proxy_type: NAMED_TYPES[proxy.type],
    proxy_auth_enabled: auth,
    proxy_bittorrent: proxy.type !== "none",
    proxy_rss: proxy.allTraffic,
    proxy_misc: proxy.allTraffic,
  };
}

/** The proxy a server of `webApiVersion` reports in its preferences. */
export function proxyFromPreferences(prefs: QbittorrentPreferences, webApiVersion: string): QbittorrentProxy {
  let type: QbittorrentProxyType = "none";
  const raw = prefs.proxy_type;
  if (typeof raw === "number") {
    type =
      raw === 1 || raw === 3 ? "http" : raw === 2 || raw === 4 ? "socks5" : raw === 5 ? "socks4" : "none";
  } else if (typeof raw === "string") {
    const found = (Object.entries(NAMED_TYPES) as [QbittorrentProxyType, string][]).find(
      ([, name]) => name === raw,
    );
    type = found?.[0] ?? "none";
  }
  const proxy: QbittorrentProxy = {
    type,
    host: prefs.proxy_ip ?? "",
    port: prefs.proxy_port ?? 0,
    peerConnections: prefs.proxy_peer_connections ?? false,
    hostnameLookup: prefs.proxy_hostname_lookup ?? false,
    allTraffic: namesProxyTypes(webApiVersion)
      ? Boolean(prefs.proxy_rss && prefs.proxy_misc)
      : !(prefs.proxy_torrents_only ?? false),
  };
  const authenticated = typeof raw === "number" ? raw === 3 || raw === 4 : Boolean(prefs.proxy_auth_enabled);
  if (authenticated && prefs.proxy_username) {
    proxy.username = prefs.proxy_username;
    if (prefs.proxy_password !== undefined) proxy.password = prefs.proxy_password;
  }
  return proxy;
}
