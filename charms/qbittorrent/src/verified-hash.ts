import { charmDirDigest, digestOf } from "@charmarr/charm";
import type { SecretRevisionRef } from "@charmarr/secrets";
import type { VerifiedHashes } from "@charmarr/workloads";

/**
 * Where the unit remembers the last stored hash it proved to be one of a committed revision's
 * password: a file in its own charm dir (as ops keeps its state there), readable by root only.
 */
export const VERIFIED_HASH_FILE = ".qbittorrent-verified-hash";

/**
 * The stored hashes proved for `revision`'s password, remembered across hooks, so a steady-state
 * hook derives PBKDF2-SHA512 (100,000 rounds, ~60 ms) only when the stored hash or the secret's
 * revision changed. A revision's content never changes, so the pair stays true.
 *
 * What is kept is one SHA-256 digest of (secret, revision, username, stored hash): nothing that
 * logs in, nor anything that tests a password guess more cheaply than the hash qBittorrent.conf
 * already holds; never the password. Only the charm container can write it (the app cannot
 * vouch for its own file). Without a charm dir (in-process tests) or on any error, nothing is
 * remembered and every check derives, as before.
 */
export function verifiedHashes(
  charmDir: string,
  revision: SecretRevisionRef,
  username: string,
): VerifiedHashes {
  const memo = charmDirDigest(charmDir, VERIFIED_HASH_FILE);
  const digest = (stored: string) =>
    digestOf(["qbittorrent-verified-hash/1", revision.id, revision.revision, username, stored]);
  return {
    has: (stored) => memo.matches(digest(stored)),
    add: (stored) => memo.remember(digest(stored)),
  };
}
