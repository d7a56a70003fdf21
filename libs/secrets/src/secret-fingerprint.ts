import { createHmac, randomBytes } from "node:crypto";

// The apps mask a credential on every read (`********`), so a charm cannot see whether the one
// it stored is still current. It remembers instead a fingerprint of what it sent: an HMAC keyed
// with a random salt of its own, never the value. The credentials are random, so the
// fingerprint reveals nothing, and the salt keeps two fingerprints of one value apart across
// charms. The one way every charm remembers a credential it cannot read back.

/** A fresh salt for a charm's fingerprints (32 hex characters). */
export function newFingerprintSalt(): string {
  return randomBytes(16).toString("hex");
}

/** The fingerprint of `values` (JSON-serialisable) for `purpose`, under `salt`: 32 hex characters. */
export function secretFingerprint(salt: string, purpose: string, values: unknown): string {
  return createHmac("sha256", salt)
    .update(JSON.stringify([purpose, values]))
    .digest("hex")
    .slice(0, 32);
}
