import type { HostConfig } from "./resources";

// The outbound proxy of a Servarr app (Prowlarr's indexer searches and downloads of .torrent and
// .nzb files, update checks), in `/config/host` (specs/app-apis.md §c; apis/prowlarr.openapi.json
// HostConfigResource). The app keeps it in its database and applies a PUT at once: no restart.

/** An authenticated HTTP proxy, or none. */
export type ServarrProxy = { host: string; port: number; username: string; password: string } | undefined;

/**
 * The host-config fields for `proxy`. Through a proxy, local addresses (the stack's own apps,
 * reached at their pod IPs) bypass it; the bypass filter stays the operator's. No proxy: disabled,
 * its credentials cleared.
 */
export function hostProxyFields(proxy: ServarrProxy): Partial<HostConfig> {
  if (!proxy) return { proxyEnabled: false, proxyUsername: "", proxyPassword: "" };
  return {
    proxyEnabled: true,
    proxyType: "http",
    proxyHostname: proxy.host,
    proxyPort: proxy.port,
    proxyUsername: proxy.username,
    proxyPassword: proxy.password,
    proxyBypassLocalAddresses: true,
  };
}

/** The host config with `proxy` set, or undefined when it already is (nothing to PUT). */
export function withHostProxy(current: HostConfig, proxy: ServarrProxy): HostConfig | undefined {
  const wanted = hostProxyFields(proxy);
  // The app answers null for a text it never had (the OpenAPI says nullable): the same as "".
  const same = Object.entries(wanted).every(([key, value]) => {
    const now = (current as Record<string, unknown>)[key];
    return (now ?? (typeof value === "string" ? "" : undefined)) === value;
  });
  return same ? undefined : { ...current, ...wanted };
}
