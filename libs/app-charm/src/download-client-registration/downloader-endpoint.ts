/** Where the media manager reaches a download client: the fields Radarr/Sonarr keep for it. */
export interface DownloaderEndpoint {
  /** A name or an IP address (an IPv6 address without brackets, as the apps take it). */
  host: string;
  port: number;
  useSsl: boolean;
  /** The path below the host the client's API lives under, `""` or `/sabnzbd` (no trailing slash). */
  urlBase: string;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

/**
 * The download client's published `api-url` as the apps' host/port/SSL/URL-base fields. The
 * interface already checked that it is an http(s) URL without credentials.
 */
export function downloaderEndpoint(apiUrl: string): DownloaderEndpoint {
  const url = new URL(apiUrl);
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === "" ? (DEFAULT_PORTS[url.protocol] ?? 80) : Number(url.port);
  const urlBase = url.pathname.replace(/\/+$/, "");
  return { host, port, useSsl: url.protocol === "https:", urlBase };
}
