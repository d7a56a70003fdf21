import type { CharmContext } from "@charmarr/charm";
import { readUserSecret } from "@charmarr/secrets";
import type { VpnType } from "./gluetun-config";

/** The operator's VPN credentials as Gluetun's secret files: file name → content. */
export type VpnFiles = Record<string, string>;

const WIREGUARD_KEYS = ["private-key"] as const;
const WIREGUARD_OPTIONAL = ["addresses", "preshared-key"] as const;
const OPENVPN_KEYS = ["username", "password"] as const;

/** The file Gluetun reads each key from (/run/secrets/<lower-cased setting>). */
const FILE_OF: Record<string, string> = {
  "private-key": "wireguard_private_key",
  addresses: "wireguard_addresses",
  "preshared-key": "wireguard_preshared_key",
  username: "openvpn_user",
  password: "openvpn_password",
};

/** Every file the VPN credentials may become: those not wanted now are removed. */
export const VPN_FILE_NAMES = Object.values(FILE_OF);

type Ctx = CharmContext<{ "vpn-credentials"?: string }>;

/**
 * The user secret named by `vpn-credentials`, with the keys `vpnType` needs, as files. Each way
 * it can be wrong is a Blocked reason naming the juju command that fixes it: unset, not granted,
 * a key missing, or keys of the other VPN type (OpenVPN's username given for WireGuard).
 */
export async function readVpnCredentials(
  ctx: Ctx,
  vpnType: VpnType,
): Promise<{ ok: true; files: VpnFiles } | { ok: false; reason: string }> {
  const app = ctx.app.name;
  const option = "vpn-credentials";
  const read =
    vpnType === "wireguard"
      ? await readUserSecret(ctx, option, WIREGUARD_KEYS, {
          optional: WIREGUARD_OPTIONAL,
          refuse: {
            keys: OPENVPN_KEYS,
            because: "vpn-type is wireguard (those are OpenVPN keys)",
            fix: (id) =>
              `juju config ${app} vpn-type=openvpn, or give WireGuard keys: juju update-secret ${id} private-key=... [addresses=...]`,
          },
        })
      : await readUserSecret(ctx, option, OPENVPN_KEYS, {
          refuse: {
            keys: [...WIREGUARD_KEYS, ...WIREGUARD_OPTIONAL],
            because: "vpn-type is openvpn (those are WireGuard keys)",
            fix: (id) =>
              `juju config ${app} vpn-type=wireguard, or give OpenVPN keys: juju update-secret ${id} username=... password=...`,
          },
        });
  if (!read.ok) return read;
  const files: VpnFiles = {};
  for (const [key, value] of Object.entries(read.content)) {
    const file = FILE_OF[key];
    if (file && typeof value === "string") files[file] = value;
  }
  return { ok: true, files };
}
