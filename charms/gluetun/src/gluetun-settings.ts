import type { ApiKeyContent, CredentialsContent } from "@charmarr/secrets";
import { secretFingerprint } from "@charmarr/secrets";
import { AUTH_CONFIG_PATH, CONTROL_PORT, HEALTH_ADDRESS, SECRETS_DIR } from "./gluetun-app";
import { csv, type VpnType } from "./gluetun-config";
import { VPN_FILE_NAMES, type VpnFiles } from "./vpn-credentials";

/** The routes the charm's role may call on the control server: the tunnel's state and exit IP. */
export const CHARM_ROUTES = ["GET /v1/vpn/status", "GET /v1/publicip/ip", "PUT /v1/vpn/status"] as const;

/** Gluetun's non-secret settings, from the config. */
export interface GluetunSettings {
  provider: string;
  vpnType: VpnType;
  serverCountries: string;
  serverCities: string;
  clusterSubnets: string;
  /** WireGuard's interface addresses from the config (no secret); empty: from the secret, if there. */
  wireguardAddresses: string;
}

/** Every file of /run/secrets the charm writes; one not wanted now is removed. */
export const SECRET_FILE_NAMES = [...VPN_FILE_NAMES, "httpproxy_user", "httpproxy_password"];

/** The key (never a name of its own) Pebble's plan carries the fingerprint under. */
export const FINGERPRINT_ENV = "CHARMARR_SECRET_FILES";

/**
 * The TOML of the control server's roles: one, `charm`, with an API key, for the routes the
 * charm calls. A TOML with at least one role drops Gluetun's built-in anonymous `public` role,
 * so nothing else in the pod (or on the pod network: the server binds :8000) can ask or steer it.
 */
export function authConfig(controlKey: ApiKeyContent): string {
  const routes = CHARM_ROUTES.map((route) => JSON.stringify(route)).join(", ");
  return [
    "# Written by the gluetun charm; rewritten on every hook.",
    "[[roles]]",
    'name = "charm"',
    `routes = [${routes}]`,
    'auth = "apikey"',
    `apikey = ${JSON.stringify(controlKey["api-key"])}`,
    "",
  ].join("\n");
}

/**
 * What Gluetun reads from files, path → content, all written 0600: the VPN credentials and the
 * proxy credentials under /run/secrets (Gluetun ≥ 3.39 reads any setting from
 * /run/secrets/<lower-cased name>), and the control server's roles.
 */
export function secretFiles(
  vpn: VpnFiles,
  proxy: CredentialsContent,
  controlKey: ApiKeyContent,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, content] of Object.entries(vpn)) files.set(`${SECRETS_DIR}/${name}`, content);
  files.set(`${SECRETS_DIR}/httpproxy_user`, proxy.username);
  files.set(`${SECRETS_DIR}/httpproxy_password`, proxy.password);
  files.set(AUTH_CONFIG_PATH, authConfig(controlKey));
  return files;
}

/**
 * A fingerprint of the files (an HMAC keyed with the control API key, which never leaves the
 * pod): it goes in the service's environment, so Pebble's replan restarts Gluetun exactly when
 * what it reads once at start changed. Reveals nothing of the content.
 */
export function filesFingerprint(files: ReadonlyMap<string, string>, controlKey: ApiKeyContent): string {
  const entries = [...files.entries()].sort(([a], [b]) => a.localeCompare(b));
  return secretFingerprint(controlKey["api-key"], "gluetun secret files", entries).slice(0, 16);
}

/**
 * The service's environment: only settings that are no secret, the paths of the secret files and
 * the fingerprint. Credentials never go here (Pebble plans are readable by anyone with the socket).
 */
export function gluetunEnvironment(settings: GluetunSettings, fingerprint: string): Record<string, string> {
  const env: Record<string, string> = {
    VPN_SERVICE_PROVIDER: settings.provider,
    VPN_TYPE: settings.vpnType,
    HTTPPROXY: "on",
    HTTPPROXY_LOG: "on",
    HTTPPROXY_LISTENING_ADDRESS: ":8888",
    HTTP_CONTROL_SERVER_ADDRESS: `:${CONTROL_PORT}`,
    HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH: AUTH_CONFIG_PATH,
    HEALTH_SERVER_ADDRESS: HEALTH_ADDRESS,
    HTTPPROXY_USER_SECRETFILE: `${SECRETS_DIR}/httpproxy_user`,
    HTTPPROXY_PASSWORD_SECRETFILE: `${SECRETS_DIR}/httpproxy_password`,
    [FINGERPRINT_ENV]: fingerprint,
  };
  if (settings.vpnType === "wireguard") {
    const addresses = csv(settings.wireguardAddresses).join(",");
    if (addresses) env.WIREGUARD_ADDRESSES = addresses;
    env.WIREGUARD_PRIVATE_KEY_SECRETFILE = `${SECRETS_DIR}/wireguard_private_key`;
    env.WIREGUARD_ADDRESSES_SECRETFILE = `${SECRETS_DIR}/wireguard_addresses`;
    env.WIREGUARD_PRESHARED_KEY_SECRETFILE = `${SECRETS_DIR}/wireguard_preshared_key`;
  } else {
    env.OPENVPN_USER_SECRETFILE = `${SECRETS_DIR}/openvpn_user`;
    env.OPENVPN_PASSWORD_SECRETFILE = `${SECRETS_DIR}/openvpn_password`;
  }
  const countries = csv(settings.serverCountries).join(",");
  const cities = csv(settings.serverCities).join(",");
  const subnets = csv(settings.clusterSubnets).join(",");
  if (countries) env.SERVER_COUNTRIES = countries;
  if (cities) env.SERVER_CITIES = cities;
  if (subnets) env.FIREWALL_OUTBOUND_SUBNETS = subnets;
  return env;
}
