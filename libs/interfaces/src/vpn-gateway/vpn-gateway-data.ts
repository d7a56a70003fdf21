import type { ParsedDatabag, Relation } from "@charmarr/charm";
import * as z from "zod";
import { MAX_URL, secretIdField } from "../databag-fields";
import { publishAppData } from "../publish-app-data";

/** The endpoint name on both sides of the relation. */
export const VPN_GATEWAY = "vpn-gateway";

/** The port of Gluetun's HTTP proxy. */
export const VPN_PROXY_PORT = 8888;

/**
 * vpn-gateway: Gluetun provides; qBittorrent, Prowlarr (and any app that can use an HTTP proxy)
 * require, limit 1. Gluetun grants its `proxy-credentials` secret on the relation and says
 * where its proxy is, whether the tunnel is up and the address traffic leaves from. The
 * requirer publishes nothing: identity comes from Juju (the remote application).
 */
export interface VpnGatewayProvider {
  /** `http://<gluetun-app>.<model>.svc.cluster.local:8888`: the app's own Kubernetes Service. */
  proxyUrl: string;
  proxyCredentialsSecretId: string;
  /** "down" also while Gluetun starts: only "up" lets traffic through. */
  tunnel: "up" | "down";
  /** The VPN's exit address as Gluetun last saw it; absent while unknown. */
  exitIp?: string;
}

/**
 * An http URL of a host and a port, nothing else: no credentials, path, query or fragment, so
 * a proxy setting built from it cannot carry anything the provider slipped in.
 */
export const proxyUrlField = z.string().refine((text) => {
  if (text.length > MAX_URL || /[\s\u0000-\u001f\u007f]/.test(text) || !URL.canParse(text)) return false;
  const url = new URL(text);
  return (
    url.protocol === "http:" &&
    url.hostname !== "" &&
    url.port !== "" &&
    url.username === "" &&
    url.password === "" &&
    (url.pathname === "/" || url.pathname === "") &&
    url.search === "" &&
    url.hash === "" &&
    // The raw text, not only the parse: `http://h:8888/` and `http://h:8888` only.
    /^http:\/\/[^/?#@]+:\d{1,5}\/?$/.test(text)
  );
}, "not an http://<host>:<port> URL (no credentials, path, query or fragment)");

/** An IPv4 or IPv6 address, as Gluetun's public IP lookup reports it. */
const exitIpField = z.union([z.ipv4(), z.ipv6()]);

const providerBag = z.object({
  "proxy-url": proxyUrlField,
  "proxy-credentials-secret-id": secretIdField,
  tunnel: z.enum(["up", "down"]),
  "exit-ip": exitIpField.optional(),
});

const providerSchema = providerBag.transform(
  (bag): VpnGatewayProvider => ({
    proxyUrl: bag["proxy-url"],
    proxyCredentialsSecretId: bag["proxy-credentials-secret-id"],
    tunnel: bag.tunnel,
    ...(bag["exit-ip"] === undefined ? {} : { exitIp: bag["exit-ip"] }),
  }),
);

const PROVIDER = {
  name: "vpn-gateway provider",
  keys: Object.keys(providerBag.shape),
  schema: providerSchema,
};

/** Gluetun's side (leader only). */
export async function publishVpnGatewayProvider(relation: Relation, data: VpnGatewayProvider): Promise<void> {
  await publishAppData(relation, PROVIDER, {
    "proxy-url": data.proxyUrl,
    "proxy-credentials-secret-id": data.proxyCredentialsSecretId,
    tunnel: data.tunnel,
    ...(data.exitIp === undefined ? {} : { "exit-ip": data.exitIp }),
  });
}

/** What Gluetun published, as the requirer sees it. */
export function readVpnGatewayProvider(relation: Relation): Promise<ParsedDatabag<VpnGatewayProvider>> {
  return relation.parseRemoteAppData(providerSchema);
}

/**
 * The only proxy hosts a requirer accepts: the remote application's own Kubernetes Service, as
 * Juju names it (`<app>`, `<app>.<model>`, `<app>.<model>.svc[.cluster.local]`). Anything else
 * would send our traffic, and the proxy credentials, wherever the related app points.
 */
export function serviceHostsOf(app: string, model: string): string[] {
  return [app, `${app}.${model}`, `${app}.${model}.svc`, `${app}.${model}.svc.cluster.local`];
}

/** The URL a provider publishes for its proxy: its Service's full name. */
export function vpnProxyUrl(app: string, model: string): string {
  return `http://${app}.${model}.svc.cluster.local:${VPN_PROXY_PORT}`;
}
