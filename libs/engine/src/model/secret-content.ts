// Secret content rules shared by the hook tools and the operator API (core/secrets/createsecret.go).

export const SECRET_KEY = /^([a-z](?:-?[a-z0-9]){2,})$/;
const MAX_VALUE_BYTES = 1000 * 1000;
const MAX_CONTENT_BYTES = 1000 * 1000;

export class SecretContentError extends Error {}

/** A key with its raw value: bytes to be base64-encoded, or text already in base64 (`#base64`). */
export interface SecretDataEntry {
  key: string;
  value: Uint8Array | string;
  encoded: boolean;
}

/**
 * Validates keys and sizes and returns key to base64 value. Entries are processed in order, so
 * a later duplicate key wins, as with a Go map filled in order.
 */
export function encodeSecretData(entries: readonly SecretDataEntry[]): Record<string, string> {
  const merged = new Map<string, string>();
  for (const entry of entries) {
    const value = entry.encoded
      ? String(entry.value)
      : Buffer.from(
          typeof entry.value === "string" ? Buffer.from(entry.value, "utf8") : entry.value,
        ).toString("base64");
    merged.set(entry.key, value);
  }
  let total = 0;
  const out: Record<string, string> = {};
  for (const [key, value] of merged) {
    if (!SECRET_KEY.test(key)) throw new SecretContentError(`key ${JSON.stringify(key)} not valid`);
    if (value.length > MAX_VALUE_BYTES) {
      throw new SecretContentError(
        `base64 encoded secret content for key ${JSON.stringify(key)} too large: ${value.length} bytes`,
      );
    }
    out[key] = value;
    total += value.length;
  }
  if (total > MAX_CONTENT_BYTES)
    throw new SecretContentError(`base64 encoded secret content too large: ${total} bytes`);
  return out;
}

/** Plain strings (the operator API, `juju add-secret key=value`) to stored base64 content. */
export function encodePlainSecret(content: Record<string, string>): Record<string, string> {
  return encodeSecretData(Object.entries(content).map(([key, value]) => ({ key, value, encoded: false })));
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes one stored value like Go's base64.StdEncoding, with its error text. */
export function decodeSecretValue(value: string): string {
  if (!STRICT_BASE64.test(value) || value.length % 4 === 1) {
    const bad = [...value].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
    throw new SecretContentError(`illegal base64 data at input byte ${bad < 0 ? value.length - 1 : bad}`);
  }
  return Buffer.from(value, "base64").toString("utf8");
}

/** Same keys and values, whatever the order: Juju 3.6 makes no new revision for identical content. */
export function sameSecretContent(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
