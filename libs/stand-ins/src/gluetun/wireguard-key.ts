// WireGuard keys (private and preshared) are 32 bytes, written as 44 characters of standard base64
// (wgtypes.ParseKey, which Gluetun uses to validate them).
const KEY = /^[A-Za-z0-9+/]{43}=$/;

export function isWireguardKey(value: string): boolean {
  return KEY.test(value) && Buffer.from(value, "base64").length === 32;
}
