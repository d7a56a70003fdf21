import { pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

// qBittorrent's WebUI password hash (>= 4.2, specs/workloads.md §1.4): PBKDF2-HMAC-SHA512,
// 100 000 iterations, a 16-byte random salt, a 64-byte key, kept in qBittorrent.conf as
// `WebUI\Password_PBKDF2="@ByteArray(<base64 salt>:<base64 key>)"`. The app never tells the hash
// (GET app/preferences leaves it out), so comparing a password with the file is the only way to
// know it without a login, and a login that fails counts towards its brute-force ban.

const derive = promisify(pbkdf2);

export const PASSWORD_HASH_ITERATIONS = 100_000;
export const PASSWORD_HASH_SALT_BYTES = 16;
export const PASSWORD_HASH_KEY_BYTES = 64;

/** The two parts of a stored hash. */
export interface PasswordHashParts {
  salt: Buffer;
  key: Buffer;
}

const BASE64 = "[A-Za-z0-9+/]+={0,2}";
// With or without the QSettings `@ByteArray(...)` wrapper and the quotes qBittorrent writes.
const STORED = new RegExp(`^(?:@ByteArray\\((${BASE64}):(${BASE64})\\)|(${BASE64}):(${BASE64}))$`);

/**
 * The salt and key of a stored hash, or undefined when it is not one. qBittorrent refuses every
 * login, its default one included, while the stored value is malformed (§1.4): treat undefined
 * as "must be written again", never as "no password".
 */
export function parsePasswordHash(stored: string): PasswordHashParts | undefined {
  let text = stored.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  const match = STORED.exec(text);
  if (!match) return undefined;
  const salt = Buffer.from((match[1] ?? match[3]) as string, "base64");
  const key = Buffer.from((match[2] ?? match[4]) as string, "base64");
  if (salt.length === 0 || key.length === 0) return undefined;
  return { salt, key };
}

/** The value for `WebUI\Password_PBKDF2` (unquoted; the conf codec quotes it as the app does). */
export function formatPasswordHash(parts: PasswordHashParts): string {
  return `@ByteArray(${parts.salt.toString("base64")}:${parts.key.toString("base64")})`;
}

/** A new hash of `password` with a fresh random salt (or the given one, for tests). */
export async function createPasswordHash(password: string, salt?: Buffer): Promise<string> {
  const useSalt = salt ?? randomBytes(PASSWORD_HASH_SALT_BYTES);
  const key = await derive(
    Buffer.from(password, "utf8"),
    useSalt,
    PASSWORD_HASH_ITERATIONS,
    PASSWORD_HASH_KEY_BYTES,
    "sha512",
  );
  return formatPasswordHash({ salt: useSalt, key });
}

/** Whether `stored` is a hash of `password`; false for a malformed or missing hash. Constant time. */
export async function verifyPasswordHash(password: string, stored: string | undefined): Promise<boolean> {
  if (stored === undefined) return false;
  const parts = parsePasswordHash(stored);
  if (!parts) return false;
  const key = await derive(
    Buffer.from(password, "utf8"),
    parts.salt,
    PASSWORD_HASH_ITERATIONS,
    parts.key.length,
    "sha512",
  );
  return timingSafeEqual(key, parts.key);
}

/**
 * The hash to store for `password`: `stored` itself when it already is a hash of it, a new one
 * otherwise. A charm that re-asserts the config every hook keeps the file byte-for-byte the same
 * this way, instead of re-salting and rewriting it each time (the Python charm's bug,
 * specs/charmarr-reference.md §7.14).
 */
export async function passwordHashFor(password: string, stored: string | undefined): Promise<string> {
  if (stored !== undefined && (await verifyPasswordHash(password, stored))) {
    return formatPasswordHash(parsePasswordHash(stored) as PasswordHashParts);
  }
  return createPasswordHash(password);
}
