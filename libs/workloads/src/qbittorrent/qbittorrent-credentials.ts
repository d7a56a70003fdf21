import { QbittorrentClient } from "./qbittorrent-client";
import { QbittorrentConf, type QbittorrentCredentials, type VerifiedHashes } from "./qbittorrent-conf";
import { QbittorrentAuthError } from "./qbittorrent-errors";
import type { QbittorrentConnectionOptions } from "./qbittorrent-http";

// Checking and rotating the WebUI credentials of a RUNNING qBittorrent, with no restart and
// without ever tripping its brute-force ban.
//
// The ban (specs/workloads.md §1.6, gotcha 3): every refused login from an address counts; at
// WebUI\MaxAuthenticationFailCount (5) in a row the address is banned for WebUI\BanDuration (1 h),
// correct logins included, and 127.0.0.1 is no exception. A successful login resets the count
// (measured on 4.5.2: 4 refused + 1 accepted + 4 refused + 1 accepted, never banned). The charm,
// the app's own WebUI users and, in a shared network namespace, Radarr and Sonarr may all log in
// from the same address, so the charm must add (close to) nothing to that count.
//
// How: qBittorrent keeps only a PBKDF2 hash of the password, in qBittorrent.conf, and saves that
// file before it answers setPreferences (Preferences::apply). The file is therefore an exact,
// login-free oracle for "which password does the app take": compare first, log in only when the
// file says the login will succeed.
// - qbittorrentAccepts(creds): file says no -> false, NO login. File says yes -> one login to
//   confirm (a success, which also resets the count). The only way to get a refused login is a
//   file edited behind the running app's back, and then it is exactly one.
// - applyQbittorrentCredentials(next, current): checks `current` against the file before using it
//   (no login with stale credentials), changes both through setPreferences (`web_ui_username`,
//   `web_ui_password`) on a session opened with `current`, then proves the change: the file holds
//   `next` and no longer `current` (no login needed to show the old password is refused) and one
//   login with `next` succeeds. Run again after a crash, it finds `next` already applied.
// - Every client makes at most one refused login in its life (qbittorrent-http.ts).
// So a rotation (apply + accepts(new) + accepts(old)) costs 0 failed logins, and a drift check
// at most 1 (when the file lies), followed by a restart that clears the app's memory anyway.
//
// Caveat: a conf without Password_PBKDF2 makes the app fall back to credentials the file cannot
// tell (4.5: admin/adminadmin; 5.x: a temporary password in its log); the check then says false.
// The charm always writes the hash before the first start.
//
// Keep the protections on (QBITTORRENT_PROTECTIONS: logins required on localhost, ban at 5).
//
// For libs/secrets' CredentialWorkload<{username, password}> a charm wires it like this:
//   apply: async (next, current) => {
//     if (current) {
//       try { return await applyQbittorrentCredentials(next, current, options); }
//       catch (e) { if (!(e instanceof QbittorrentCredentialsMismatchError)) throw e; }
//     }
//     // The live credentials are unknown: stop, write (await conf.withCredentials(next)), start.
//   },
//   accepts: (value) => qbittorrentAccepts(value, options),
//   // no readLive: the app cannot tell its password.
// where options.readConfig reads qBittorrent.conf through Pebble (undefined if it is missing).

export interface QbittorrentCredentialOptions
  extends Omit<QbittorrentConnectionOptions, "username" | "password"> {
  /** The app's qBittorrent.conf as it is now, or undefined when there is none. */
  readConfig: () => Promise<string | undefined>;
  /**
   * Stored hashes already proved to be hashes of the password these options check (the caller
   * scopes it to one password): a hit spares the PBKDF2 derivation (~60 ms), a proof is added.
   */
  verifiedHashes?: VerifiedHashes;
}

/** The running app does not hold the credentials the charm believes are current. */
export class QbittorrentCredentialsMismatchError extends Error {
  constructor(message: string) {
    super(`qBittorrent: ${message}`);
    this.name = "QbittorrentCredentialsMismatchError";
  }
}

/** The credentials did not take: after setPreferences the app does not hold them. */
export class QbittorrentCredentialsNotAppliedError extends Error {
  constructor(message: string) {
    super(`qBittorrent: the new credentials are not in use: ${message}`);
    this.name = "QbittorrentCredentialsNotAppliedError";
  }
}

async function configHolds(
  options: QbittorrentCredentialOptions,
  credentials: QbittorrentCredentials,
): Promise<boolean> {
  const text = await options.readConfig();
  if (text === undefined) return false;
  return QbittorrentConf.parse(text).credentialsMatch(credentials, options.verifiedHashes);
}

function clientFor(
  options: QbittorrentCredentialOptions,
  credentials: QbittorrentCredentials,
): QbittorrentClient {
  const { readConfig: _unused, ...connection } = options;
  return new QbittorrentClient({ ...connection, ...credentials });
}

/** Logs in once and out again: true when accepted, false when refused (one failed attempt). */
async function loginWorks(options: QbittorrentCredentialOptions, credentials: QbittorrentCredentials) {
  const client = clientFor(options, credentials);
  try {
    await client.login();
  } catch (error) {
    if (error instanceof QbittorrentAuthError) return false;
    throw error;
  }
  await client.close();
  return true;
}

/**
 * Whether the running app takes these credentials. Read-only, and a refusal found in the file
 * costs no login; see the top of this file. Throws when the app cannot be asked
 * (QbittorrentUnreachableError, QbittorrentBannedError ...).
 */
export async function qbittorrentAccepts(
  credentials: QbittorrentCredentials,
  options: QbittorrentCredentialOptions,
): Promise<boolean> {
  if (!(await configHolds(options, credentials))) return false;
  return loginWorks(options, credentials);
}

/**
 * Makes the running app use `next` instead of `current`, live, and proves it: the new ones are
 * accepted, the old ones refused. Throws QbittorrentCredentialsMismatchError when the app does
 * not hold `current` (apply through the file and a restart then): with no login at all when its
 * file says so, after one refused login when the file was edited behind the running app's back.
 */
export async function applyQbittorrentCredentials(
  next: QbittorrentCredentials,
  current: QbittorrentCredentials,
  options: QbittorrentCredentialOptions,
): Promise<void> {
  const same = next.username === current.username && next.password === current.password;
  if (!(await configHolds(options, current))) {
    // A previous run may have got this far already.
    if (!same && (await configHolds(options, next)) && (await loginWorks(options, next))) return;
    throw new QbittorrentCredentialsMismatchError(
      "qBittorrent.conf does not hold the current credentials, so they were not tried",
    );
  }
  if (same) return;
  const client = clientFor(options, current);
  try {
    await client.setCredentials(next);
  } catch (error) {
    if (error instanceof QbittorrentAuthError && error.reason === "login") {
      throw new QbittorrentCredentialsMismatchError(
        "the app refused the current credentials although its file holds them (was it edited while running?)",
      );
    }
    throw error;
  } finally {
    // The app keeps sessions across a password change: end the one opened with the old password.
    await client.close();
  }
  if (!(await configHolds(options, next))) {
    throw new QbittorrentCredentialsNotAppliedError(
      "qBittorrent.conf does not hold them after setPreferences",
    );
  }
  if (await configHolds(options, current)) {
    throw new QbittorrentCredentialsNotAppliedError("qBittorrent.conf still holds the previous ones");
  }
  if (!(await loginWorks(options, next))) {
    throw new QbittorrentCredentialsNotAppliedError("the app refuses them although its file holds them");
  }
}
