import { isIP } from "node:net";
import { type ListenAddress, parseListenAddress } from "./listen-address";
import type { SettingsReader } from "./settings-reader";
import { isWireguardKey } from "./wireguard-key";

// The settings the stand-in acts on, read once at start and validated as Gluetun v3.41.1 does:
// a missing or invalid required setting stops it with an error naming the setting, never its value.

export type VpnType = "openvpn" | "wireguard";

export interface GluetunSettings {
  provider: string;
  vpnType: VpnType;
  wireguard: { privateKey?: string; presharedKey?: string; addresses: string[] };
  openvpn: { user?: string; password?: string };
  serverCountries: string[];
  serverCities: string[];
  firewallOutboundSubnets: string[];
  httpProxy: {
    enabled: boolean;
    listen: ListenAddress;
    user?: string;
    password?: string;
    log: boolean;
  };
  controlServer: { listen: ListenAddress; log: boolean; authConfigPath: string; authDefaultRole: string };
  health: { listen: ListenAddress };
}

/** An invalid or missing setting; the message names the setting, never its value. */
export class GluetunSettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = "GluetunSettingsError";
  }
}

const csv = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

function isCidr(value: string): boolean {
  const slash = value.lastIndexOf("/");
  if (slash < 0) return false;
  const family = isIP(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** gosettings' boolean words. */
function readBoolean(read: SettingsReader, name: string, fallback: boolean): boolean {
  const value = read(name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (["on", "yes", "true", "enabled"].includes(value)) return true;
  if (["off", "no", "false", "disabled"].includes(value)) return false;
  throw new GluetunSettingsError(name, `environment variable ${name}: value is not a valid boolean`);
}

function readAddress(read: SettingsReader, name: string, fallback: string): ListenAddress {
  const listen = parseListenAddress(read(name) ?? fallback);
  if (!listen) throw new GluetunSettingsError(name, `environment variable ${name}: address is not valid`);
  return listen;
}

function readCidrs(read: SettingsReader, name: string): string[] {
  const list = csv(read(name));
  if (list.some((entry) => !isCidr(entry)))
    throw new GluetunSettingsError(name, `environment variable ${name}: netip.ParsePrefix: invalid prefix`);
  return list;
}

/** Reads and validates every setting the stand-in uses; throws GluetunSettingsError. */
export function readGluetunSettings(read: SettingsReader): GluetunSettings {
  const vpnType = (read("VPN_TYPE") ?? "openvpn").toLowerCase();
  if (vpnType !== "openvpn" && vpnType !== "wireguard")
    throw new GluetunSettingsError("VPN_TYPE", `VPN settings: VPN type is not valid: VPN_TYPE`);
  const provider = (read("VPN_SERVICE_PROVIDER") ?? "private internet access").toLowerCase();
  const wireguard = {
    privateKey: read("WIREGUARD_PRIVATE_KEY"),
    presharedKey: read("WIREGUARD_PRESHARED_KEY"),
    addresses: readCidrs(read, "WIREGUARD_ADDRESSES"),
  };
  const openvpn = { user: read("OPENVPN_USER"), password: read("OPENVPN_PASSWORD") };
  if (vpnType === "wireguard") {
    if (wireguard.privateKey === undefined)
      throw new GluetunSettingsError(
        "WIREGUARD_PRIVATE_KEY",
        "VPN settings: Wireguard settings: private key is not set: WIREGUARD_PRIVATE_KEY",
      );
    if (!isWireguardKey(wireguard.privateKey))
      throw new GluetunSettingsError(
        "WIREGUARD_PRIVATE_KEY",
        "VPN settings: Wireguard settings: private key is not valid: WIREGUARD_PRIVATE_KEY",
      );
    if (wireguard.presharedKey !== undefined && !isWireguardKey(wireguard.presharedKey))
      throw new GluetunSettingsError(
        "WIREGUARD_PRESHARED_KEY",
        "VPN settings: Wireguard settings: pre-shared key is not valid: WIREGUARD_PRESHARED_KEY",
      );
    if (wireguard.addresses.length === 0)
      throw new GluetunSettingsError(
        "WIREGUARD_ADDRESSES",
        "VPN settings: Wireguard settings: interface address is not set: WIREGUARD_ADDRESSES",
      );
  } else if (provider !== "custom") {
    for (const [name, value] of [
      ["OPENVPN_USER", openvpn.user],
      ["OPENVPN_PASSWORD", openvpn.password],
    ] as const)
      if (value === undefined)
        throw new GluetunSettingsError(name, `VPN settings: OpenVPN settings: ${name} is not set`);
  }
  return {
    provider,
    vpnType,
    wireguard,
    openvpn,
    serverCountries: csv(read("SERVER_COUNTRIES")),
    serverCities: csv(read("SERVER_CITIES")),
    firewallOutboundSubnets: readCidrs(read, "FIREWALL_OUTBOUND_SUBNETS"),
    httpProxy: {
      enabled: readBoolean(read, "HTTPPROXY", false),
      listen: readAddress(read, "HTTPPROXY_LISTENING_ADDRESS", ":8888"),
      user: read("HTTPPROXY_USER"),
      password: read("HTTPPROXY_PASSWORD"),
      log: readBoolean(read, "HTTPPROXY_LOG", false),
    },
    controlServer: {
      listen: readAddress(read, "HTTP_CONTROL_SERVER_ADDRESS", ":8000"),
      log: readBoolean(read, "HTTP_CONTROL_SERVER_LOG", true),
      authConfigPath: read("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH") ?? "/gluetun/auth/config.toml",
      authDefaultRole: read("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE") ?? "{}",
    },
    health: { listen: readAddress(read, "HEALTH_SERVER_ADDRESS", "127.0.0.1:9999") },
  };
}

const setOrNot = (value: string | undefined) => (value === undefined ? "[not set]" : "[set]");
const addressText = (listen: ListenAddress) =>
  `${listen.host === undefined ? "" : listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${listen.port}`;

/** Gluetun's settings tree, secrets shown only as [set] / [not set]. */
export function settingsSummary(settings: GluetunSettings): string {
  const lines = ["Settings summary:", "├── VPN settings:", "|   ├── VPN provider settings:"];
  lines.push(`|   |   ├── Name: ${settings.provider}`, "|   |   └── Server selection settings:");
  lines.push(`|   |       ├── VPN type: ${settings.vpnType}`);
  if (settings.serverCountries.length > 0)
    lines.push(`|   |       ├── Countries: ${settings.serverCountries.join(", ")}`);
  if (settings.serverCities.length > 0)
    lines.push(`|   |       ├── Cities: ${settings.serverCities.join(", ")}`);
  if (settings.vpnType === "wireguard") {
    lines.push(
      "|   └── Wireguard settings:",
      `|       ├── Private key: ${setOrNot(settings.wireguard.privateKey)}`,
    );
    lines.push(`|       ├── Pre-shared key: ${setOrNot(settings.wireguard.presharedKey)}`);
    lines.push("|       └── Interface addresses:");
    for (const address of settings.wireguard.addresses) lines.push(`|           └── ${address}`);
  } else {
    lines.push("|   └── OpenVPN settings:", `|       ├── User: ${setOrNot(settings.openvpn.user)}`);
    lines.push(`|       └── Password: ${setOrNot(settings.openvpn.password)}`);
  }
  lines.push("├── Firewall settings:", "|   └── Enabled: yes");
  for (const subnet of settings.firewallOutboundSubnets) lines.push(`|       └── Outbound subnet: ${subnet}`);
  lines.push(
    "├── Health settings:",
    `|   └── Server listening address: ${addressText(settings.health.listen)}`,
  );
  lines.push("├── HTTP proxy settings:", `|   └── Enabled: ${settings.httpProxy.enabled ? "yes" : "no"}`);
  if (settings.httpProxy.enabled) {
    lines.push(`|       ├── Listening address: ${addressText(settings.httpProxy.listen)}`);
    lines.push(`|       ├── User: ${setOrNot(settings.httpProxy.user)}`);
    lines.push(`|       ├── Password: ${setOrNot(settings.httpProxy.password)}`);
    lines.push(`|       └── Log: ${settings.httpProxy.log ? "yes" : "no"}`);
  }
  lines.push("└── Control server settings:");
  lines.push(`    ├── Listening address: ${addressText(settings.controlServer.listen)}`);
  lines.push(`    └── Authentication file path: ${settings.controlServer.authConfigPath}`);
  return lines.join("\n");
}
