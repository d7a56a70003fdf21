import type { CharmContext } from "@charmarr/charm";
import { readMediaStorage } from "@charmarr/interfaces";
import type { CredentialWorkload } from "@charmarr/secrets";
import {
  applyQbittorrentCredentials,
  QbittorrentBannedError,
  QbittorrentConf,
  type QbittorrentCredentialOptions,
  type QbittorrentCredentials,
  QbittorrentCredentialsMismatchError,
  QbittorrentCredentialsNotAppliedError,
  qbittorrentAccepts,
} from "@charmarr/workloads";
import type { Config } from "../charmcraft.yaml";
import { confFile, qbittorrentService } from "./qbittorrent-app";
import { qbittorrentRoute, routeProxy } from "./qbittorrent-routing";
import { managedSettings, wantedConf } from "./qbittorrent-settings";
import { verifiedHashes } from "./verified-hash";

type Ctx = CharmContext<Config>;

/**
 * The WebUI user the charm creates; only the password rotates. A constant, documented name is
 * no secret (it sits in the secret only because managers need both halves), and qBittorrent
 * writes the username of every refused login to its log: a short one keeps that from reading
 * as a leaked credential (the leak scanner looks for values of 8 characters and more).
 */
export const USERNAME = "charm";

/** The WebUI credentials in this hook, as libs/secrets drives them, and what the hook learnt. */
export interface QbittorrentCredentialWorkload extends CredentialWorkload<QbittorrentCredentials> {
  /**
   * Did this hook already see qBittorrent take `credentials` with its file reading exactly
   * `text`? (Then the file holds them, and the seed need not derive the PBKDF2 hash again.)
   */
  verifiedWith(text: string | undefined, credentials: QbittorrentCredentials): boolean;
}

const WORKLOAD = Symbol("qBittorrent credentials");

/**
 * The WebUI credentials as libs/secrets drives them, or undefined when qBittorrent is not up in
 * this hook (a rotation then waits for Juju's retry). qBittorrent keeps only a PBKDF2 hash of the
 * password, in qBittorrent.conf, and saves it before answering a change: the file says which
 * password the app takes without a login, so the charm never adds to the brute-force ban's count
 * (libs/workloads qbittorrent-credentials.ts).
 * - apply: live through the WebUI API (setPreferences) when the app takes `current`; otherwise
 *   (a password changed in the web UI, a rotation killed before it was committed) through the
 *   file: stop, write the hash, start.
 * - accepts: the file first (no login when it says no), then one login.
 * - no readLive: the app cannot tell its password, so drift is repaired from the secret.
 */
export function qbittorrentCredentials(ctx: Ctx): Promise<QbittorrentCredentialWorkload | undefined> {
  return ctx.memo(WORKLOAD, () => buildCredentialWorkload(ctx));
}

async function buildCredentialWorkload(ctx: Ctx): Promise<QbittorrentCredentialWorkload | undefined> {
  const state = await qbittorrentService.reachable(ctx);
  if (!state.ok) return undefined;
  const file = confFile(state.pebble);
  const options: QbittorrentCredentialOptions = { url: state.localUrl, readConfig: () => file.read() };
  // With valid config the restart path writes the whole managed conf, as a start would.
  const related = await readMediaStorage(ctx);
  const route = ctx.configResult.ok ? await qbittorrentRoute(ctx) : undefined;
  const routed = route?.route === "gateway";
  const settings =
    ctx.configResult.ok && related.ok
      ? managedSettings(ctx.configResult.config, related.data.umask, routed)
      : {};
  // The app restarts from the file: with the proxy of this hook's route in it (none when held).
  const proxy = route ? routeProxy(route) : undefined;
  /** qBittorrent.conf texts this hook saw qBittorrent accept credentials with. */
  const accepted: { text: string; credentials: QbittorrentCredentials }[] = [];

  return {
    apply: async (next, current) => {
      if (current) {
        try {
          await applyQbittorrentCredentials(next, current, options);
          return;
        } catch (err) {
          if (!(err instanceof QbittorrentCredentialsMismatchError)) throw err;
          ctx.log.warn(
            "qBittorrent does not take the credentials the secret holds; setting them through its config file",
          );
        }
      }
      const up = await file.rewriteAndRestart(
        (text) => wantedConf(text, settings, next, false, proxy),
        qbittorrentService,
        state.localUrl,
      );
      if (!up)
        throw new QbittorrentCredentialsNotAppliedError("qBittorrent did not come back after a restart");
      ctx.log.info("qBittorrent restarted with the secret's credentials");
    },
    accepts: async (value, revision) => {
      let read: string | undefined;
      const readConfig = async () => {
        read = await file.read();
        return read;
      };
      // A committed revision's proof is remembered across hooks: PBKDF2 only on a change.
      const verified = revision && verifiedHashes(ctx.juju.charmDir, revision, value.username);
      try {
        const ok = await qbittorrentAccepts(value, {
          ...options,
          readConfig,
          ...(verified ? { verifiedHashes: verified } : {}),
        });
        if (ok && read !== undefined) accepted.push({ text: read, credentials: { ...value } });
        return ok;
      } catch (err) {
        if (!(err instanceof QbittorrentBannedError)) throw err;
        // Someone else tripped the ban on this address; the file still says what the app takes.
        ctx.log.warn("qBittorrent has banned this address after failed logins; trusting its config file");
        const text = await file.read();
        return text !== undefined && (await QbittorrentConf.parse(text).credentialsMatch(value));
      }
    },
    verifiedWith: (text, credentials) =>
      accepted.some(
        (seen) =>
          seen.text === text &&
          seen.credentials.username === credentials.username &&
          seen.credentials.password === credentials.password,
      ),
  };
}
