import { secretFingerprint } from "@charmarr/secrets";
import type { ProviderFieldInput } from "@charmarr/workloads";

// Radarr and Sonarr answer `********` for a download client's password or API key on every read:
// the charm remembers a fingerprint of what it sent (libs/secrets' secretFingerprint).

export { newFingerprintSalt } from "@charmarr/secrets";

/** The fields the apps mask: the ones whose stored value only a fingerprint can tell. */
export const MASKED_FIELDS: ReadonlySet<string> = new Set(["password", "apiKey"]);

/** The fingerprint of the masked fields among `fields` (name and value, order-independent). */
export function credentialFingerprint(salt: string, fields: readonly ProviderFieldInput[]): string {
  const masked = fields
    .filter((field) => MASKED_FIELDS.has(field.name))
    .map((field) => [field.name, field.value ?? null] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return secretFingerprint(salt, "charmarr download-client credential", masked);
}
