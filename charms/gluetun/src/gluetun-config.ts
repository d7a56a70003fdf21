import { isIP } from "node:net";
import { timezoneOption } from "@charmarr/app-charm";
import * as z from "zod";

/**
 * The providers Gluetun v3.41 knows (VPN_SERVICE_PROVIDER, internal/constants/providers), as it
 * spells them: a typo would otherwise only show as a crash loop in Gluetun's log.
 */
export const VPN_PROVIDERS = [
  "airvpn",
  "custom",
  "cyberghost",
  "expressvpn",
  "fastestvpn",
  "giganews",
  "hidemyass",
  "ipvanish",
  "ivpn",
  "mullvad",
  "nordvpn",
  "perfect privacy",
  "privado",
  "private internet access",
  "privatevpn",
  "protonvpn",
  "purevpn",
  "slickvpn",
  "surfshark",
  "torguard",
  "vpn unlimited",
  "vpnsecure",
  "vyprvpn",
  "windscribe",
] as const;

export const VPN_TYPES = ["wireguard", "openvpn"] as const;
export type VpnType = (typeof VPN_TYPES)[number];

/** The entries of a comma-separated option, trimmed, empty ones dropped. */
export function csv(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** An IPv4 or IPv6 network in CIDR notation, e.g. 10.1.0.0/16 or fd00::/8. */
export function isCidr(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash === -1) return false;
  const family = isIP(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** A list Gluetun reads as CSV: printable text, no quotes, no control characters. */
const isNameList = (value: string) => value.length <= 1024 && !/[\u0000-\u001f\u007f"'=]/.test(value);

/** What charmcraft.yaml's types cannot say: a bad value is Blocked, naming the option and what is allowed. */
export const gluetunOptions = {
  "vpn-provider": z.enum(VPN_PROVIDERS),
  "vpn-type": z.enum(VPN_TYPES),
  "server-countries": z
    .string()
    .refine(isNameList)
    .describe("comma-separated country names such as Sweden,Switzerland"),
  "server-cities": z
    .string()
    .refine(isNameList)
    .describe("comma-separated city names such as Stockholm,Zurich"),
  "wireguard-addresses": z
    .string()
    .refine((value) => value.length <= 1024 && csv(value).every(isCidr))
    .describe("comma-separated CIDRs such as 10.64.222.21/32"),
  "cluster-subnets": z
    .string()
    .refine((value) => value.length <= 4096 && csv(value).every(isCidr))
    .describe("comma-separated CIDRs such as 10.1.0.0/16,10.152.183.0/24"),
  timezone: timezoneOption,
};
