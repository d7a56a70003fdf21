// The model's proxy settings as Juju hands them to hooks (juju-http-proxy, juju-https-proxy,
// juju-no-proxy model config → JUJU_CHARM_HTTP_PROXY, JUJU_CHARM_HTTPS_PROXY,
// JUJU_CHARM_NO_PROXY). Juju deliberately does not set http_proxy & co. for them, so nothing
// honours them unless the charm does: every call a charm makes out of the cluster must.

export interface ModelProxy {
  /** Proxy URL for http:// destinations, or undefined for none. */
  http?: string;
  /** Proxy URL for https:// destinations, or undefined for none. */
  https?: string;
  /** Hosts, domains (`.example.com` or `example.com`: the domain and below), IPs, CIDRs, `*`. */
  noProxy: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

export function modelProxyFromEnv(env: Env): ModelProxy {
  const noProxy = (env.JUJU_CHARM_NO_PROXY ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  return {
    ...(env.JUJU_CHARM_HTTP_PROXY ? { http: env.JUJU_CHARM_HTTP_PROXY } : {}),
    ...(env.JUJU_CHARM_HTTPS_PROXY ? { https: env.JUJU_CHARM_HTTPS_PROXY } : {}),
    noProxy,
  };
}

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const address = ipv4ToNumber(host);
  const network = ipv4ToNumber(base ?? "");
  const size = Number(bits);
  if (address === undefined || network === undefined || !Number.isInteger(size) || size < 0 || size > 32)
    return false;
  const mask = size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0;
  return (address & mask) >>> 0 === (network & mask) >>> 0;
}

/** The proxy URL to use for `url`, or undefined to go direct (no proxy set, or the host is exempt). */
export function proxyFor(url: URL, proxy: ModelProxy): string | undefined {
  const chosen = url.protocol === "https:" ? proxy.https : url.protocol === "http:" ? proxy.http : undefined;
  if (!chosen) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  for (const entry of proxy.noProxy) {
    if (entry === "*") return undefined;
    if (entry.includes("/")) {
      if (inCidr(host, entry)) return undefined;
      continue;
    }
    const domain = entry.replace(/^\*?\./, "");
    if (host === domain || host.endsWith(`.${domain}`)) return undefined;
  }
  return chosen;
}
