import { randomBytes, randomUUID } from "node:crypto";

/**
 * `length` characters drawn uniformly from `alphabet` with a CSPRNG (rejection sampling, so
 * no character is more likely than another).
 */
export function randomToken(length: number, alphabet: string): string {
  if (alphabet.length < 2 || alphabet.length > 256)
    throw new RangeError("alphabet must have 2 to 256 characters");
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * An API key in the format Radarr, Sonarr and Prowlarr generate themselves (and SABnzbd
 * takes): Guid.NewGuid().ToString("N"), a random version 4 UUID without dashes, 32 lowercase
 * hex characters (specs/app-apis.md §b). The one generator of API keys in the project.
 */
export function randomApiKey(): string {
  return randomUUID().replaceAll("-", "");
}

const PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A 32-character URL-safe password (192 bits). */
export function randomPassword(length = 32): string {
  return randomToken(length, PASSWORD_ALPHABET);
}
