import { createHmac, randomBytes } from "node:crypto";
import type { ProviderFieldInput } from "@charmarr/workloads";

// Radarr and Sonarr answer `********` for a download client's password or API key on every read,
// so a charm cannot see whether the credential it stored is still the downloader's current one.
// It remembers instead a fingerprint of what it sent: an HMAC keyed with a random salt of its
// own, never the value. The credentials are random (the downloaders' charms generate them), so
// the fingerprint reveals nothing, and the salt keeps two fingerprints of one value apart across
// charms.

/** The fields the apps mask: the ones whose stored value only a fingerprint can tell. */
export const MASKED_FIELDS: ReadonlySet<string> = new Set(["password", "apiKey"]);

/** A fresh salt for a charm's fingerprints (32 hex characters). */
export function newFingerprintSalt(): string {
  return randomBytes(16).toString("hex");
}

/** The fingerprint of the masked fields among `fields` (name and value, order-independent). */
export function credentialFingerprint(salt: string, fields: readonly ProviderFieldInput[]): string {
  const masked = fields
    .filter((field) => MASKED_FIELDS.has(field.name))
    .map((field) => [field.name, field.value ?? null] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac("sha256", salt)
    .update(JSON.stringify(["charmarr download-client credential", masked]))
    .digest("hex")
    .slice(0, 32);
}
