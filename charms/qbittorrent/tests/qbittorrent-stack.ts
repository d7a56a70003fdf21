// What the qBittorrent charm's process-level tests share: the charm packed once per file, a
// model with qBittorrent (the real qbittorrent-nox under the engine's Pebble) and in-process
// media managers, and probes of the real app.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type TestModel, testModel } from "@charmarr/testing";
import { QbittorrentClient, QbittorrentConf } from "@charmarr/workloads";
import {
  DOWNLOAD_CONSUMER_YAML,
  downloadConsumerCharm,
} from "../../../libs/app-charm/src/downloader/test-charms/download-consumer-charm";
import {
  deployOnOwnAddress,
  podFile,
} from "../../../libs/app-charm/src/downloader/test-charms/downloader-model";
import { packCharm } from "../../../scripts/pack-charm.mjs";

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
export const CONF = "/config/qBittorrent/config/qBittorrent.conf";
/** qBittorrent saves by writing this file and renaming it over CONF: the same content, briefly. */
export const CONF_BEING_SAVED = "/config/qBittorrent/config/qBittorrent_new.conf";
export const UNIT = "qbittorrent/0";

export interface Packed {
  charmFile: string;
  close(): void;
}

export async function packQbittorrent(): Promise<Packed> {
  const work = mkdtempSync(join(tmpdir(), "qbittorrent-charm-"));
  const { path } = await packCharm(resolve(import.meta.dirname, ".."), work);
  return { charmFile: path, close: () => rmSync(work, { recursive: true, force: true }) };
}

export interface Stack {
  m: TestModel;
  url: string;
  address: string;
  /** Manager name → its download-client relation's id. */
  relations: Record<string, number>;
}

/**
 * qbittorrent (no peer discovery: nothing leaves loopback) and the given managers (in-process
 * consumers: name → manager kind), related and settled. qBittorrent.conf (and the copy the app
 * writes while saving it) may hold credentials (the username; the password only as a hash), at
 * mode 0600 only.
 */
export async function qbittorrentStack(
  packed: Packed,
  managers: Record<string, string> = { radarr: "radarr", sonarr: "sonarr" },
  config: Record<string, unknown> = {},
): Promise<Stack> {
  const m = await testModel();
  const { unit, address } = await deployOnOwnAddress(m, "qbittorrent", packed.charmFile, {
    "peer-discovery": false,
    ...config,
  });
  m.declareCredentialFile(unit, "qbittorrent", CONF);
  m.declareCredentialFile(unit, "qbittorrent", CONF_BEING_SAVED);
  const relations: Record<string, number> = {};
  for (const [name, manager] of Object.entries(managers)) {
    m.deploy(name, { charm: downloadConsumerCharm, metadata: DOWNLOAD_CONSUMER_YAML, config: { manager } });
    relations[name] = m.integrate(`${name}:download-client`, "qbittorrent:download-client").id;
  }
  await m.settle();
  return { m, address, url: `http://${address}:8080`, relations };
}

export type Credentials = { username: string; password: string };

export function secretCredentials(m: TestModel): Credentials {
  const content = m.secret("credentials", { owner: "qbittorrent" })?.content();
  if (!content?.username || !content.password) throw new Error("qbittorrent has no credentials secret");
  return { username: content.username, password: content.password };
}

export function revisions(m: TestModel): number[] {
  return [...(m.secret("credentials", { owner: "qbittorrent" })?.revisions.keys() ?? [])];
}

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
