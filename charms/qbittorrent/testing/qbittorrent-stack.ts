// What the qBittorrent charm's process-level tests share beyond the downloaders' helpers: the
// charm (the real qbittorrent-nox under the engine's Pebble), and probes of the real app.
import { resolve } from "node:path";
import type { Downloader } from "@charmarr/app-charm/testing";
import { type DownloaderCharm, packDownloader, podFile, revisionsOf } from "@charmarr/app-charm/testing";
import type { TestModel } from "@charmarr/testing";
import { QbittorrentAuthError, QbittorrentClient, QbittorrentConf } from "@charmarr/workloads";

export {
  DAY,
  MINUTE,
  type Packed,
  type Stack,
} from "@charmarr/app-charm/testing";
export const CONF = "/config/qBittorrent/config/qBittorrent.conf";
/** qBittorrent saves by writing this file and renaming it over CONF: the same content, briefly. */
export const CONF_BEING_SAVED = "/config/qBittorrent/config/qBittorrent_new.conf";
export const UNIT = "qbittorrent/0";

export const QBITTORRENT: Downloader = {
  app: "qbittorrent",
  unit: UNIT,
  secretLabel: "credentials",
  secretIdKey: "credentials-secret-id",
};

export const packQbittorrent = () => packDownloader("qbittorrent", resolve(import.meta.dirname, ".."));

/**
 * The charm for downloaderTestFile: no peer discovery (nothing leaves loopback); qBittorrent.conf
 * (and the copy the app writes while saving it) may hold credentials (the username; the password
 * only as a hash), at mode 0600 only.
 */
export const QBITTORRENT_CHARM: DownloaderCharm = {
  app: "qbittorrent",
  pack: packQbittorrent,
  credentialFiles: [CONF, CONF_BEING_SAVED],
  config: { "peer-discovery": false, "kill-switch": false },
};

export type Credentials = { username: string; password: string };

export function secretCredentials(m: TestModel): Credentials {
  const content = m.secret("credentials", { owner: "qbittorrent" })?.content();
  if (!content?.username || !content.password) throw new Error("qbittorrent has no credentials secret");
  return { username: content.username, password: content.password };
}

export const revisions = (m: TestModel) => revisionsOf(m, "credentials", "qbittorrent");

/** qBittorrent.conf in the pod, parsed, with its mode. */
export async function conf(m: TestModel): Promise<{ conf: QbittorrentConf; mode: number }> {
  let file = await podFile(m, UNIT, "qbittorrent", CONF);
  // The app saves by removing the file and renaming a new one in: look again once.
  if (!file) await new Promise((r) => setTimeout(r, 100));
  file ??= await podFile(m, UNIT, "qbittorrent", CONF);
  if (!file) throw new Error("no qBittorrent.conf in the pod");
  return { conf: QbittorrentConf.parse(file.content), mode: file.mode & 0o777 };
}

/** Does the file (the app's own record of its password) hold these credentials? No login. */
export async function confHolds(m: TestModel, credentials: Credentials): Promise<boolean> {
  return (await conf(m)).conf.credentialsMatch(credentials);
}

/** A logged-in client of the real app (throws if the login is refused: never use it with a guess). */
export async function session(url: string, credentials: Credentials): Promise<QbittorrentClient> {
  const client = new QbittorrentClient({ url, ...credentials, retries: 0 });
  await client.login();
  return client;
}

/**
 * Does the app at `url` take these credentials right now (a fresh login, then one API call)?
 * `false` only when the app answered a refusal (auth/login `Fails.`, the 200 or the 401 of later
 * versions); anything else (the app down, a ban, a 5xx, a timeout) throws, so "the old
 * password is refused" cannot pass because the app is not there. Each `false` is one refused
 * login, counted towards qBittorrent's ban.
 */
export async function qbittorrentAccepts(url: string, credentials: Credentials): Promise<boolean> {
  const client = new QbittorrentClient({ url, ...credentials, retries: 0 });
  try {
    await client.version();
    return true;
  } catch (err) {
    if (err instanceof QbittorrentAuthError && err.reason === "login") return false;
    throw err;
  } finally {
    await client.close();
  }
}

export const LOG = "/config/qBittorrent/data/logs/qbittorrent.log";

/** How many times the app started, from its own log. */
export async function starts(m: TestModel): Promise<number> {
  const log = await podFile(m, UNIT, "qbittorrent", LOG);
  return (log?.content.match(/ - qBittorrent v\S+ started$/gm) ?? []).length;
}

/** Refused logins the app logged (each counts towards its ban). */
export async function refusedLogins(m: TestModel): Promise<number> {
  const log = await podFile(m, UNIT, "qbittorrent", LOG);
  return (log?.content.match(/WebAPI login failure/g) ?? []).length;
}

/** qBittorrent's WebUI API, as the operator's browser would use it, with the charm's credentials. */
export async function webUiSession(url: string, credentials: Record<string, string>) {
  const login = await fetch(`${url}/api/v2/auth/login`, {
    method: "POST",
    body: new URLSearchParams({ username: credentials.username ?? "", password: credentials.password ?? "" }),
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  if (!login.ok || !cookie) throw new Error(`qBittorrent login refused: ${login.status}`);
  return {
    async add(torrent: Buffer, category: string): Promise<void> {
      const form = new FormData();
      form.append("torrents", new Blob([torrent]), "release.torrent");
      form.append("category", category);
      const res = await fetch(`${url}/api/v2/torrents/add`, {
        method: "POST",
        body: form,
        headers: { cookie },
      });
      if (!res.ok) throw new Error(`torrents/add: ${res.status} ${await res.text()}`);
    },
    async torrent(
      hash: string,
    ): Promise<{ progress: number; state: string; content_path: string } | undefined> {
      const res = await fetch(`${url}/api/v2/torrents/info?hashes=${hash}`, { headers: { cookie } });
      const list = (await res.json()) as { progress: number; state: string; content_path: string }[];
      return list[0];
    },
  };
}
