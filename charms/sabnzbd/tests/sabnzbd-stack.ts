// What the SABnzbd charm's process-level tests share: the charm packed once per file, a model
// with SABnzbd (the real sabnzbdplus under the engine's Pebble) and in-process media managers,
// and probes of the real app.
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type TestModel, testModel } from "@charmarr/testing";
import { SabnzbdClient, SabnzbdIni } from "@charmarr/workloads";
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
export const INI = "/config/sabnzbd.ini";
/** SABnzbd copies the ini here (mode included) before each save: the previous key lives on in it. */
export const INI_BACKUP = "/config/sabnzbd.ini.bak";
export const LOG = "/config/logs/sabnzbd.log";
export const UNIT = "sabnzbd/0";

export interface Packed {
  charmFile: string;
  close(): void;
}

export async function packSabnzbd(): Promise<Packed> {
  const work = mkdtempSync(join(tmpdir(), "sabnzbd-charm-"));
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
 * sabnzbd and the given managers (in-process consumers: name → manager kind), related and
 * settled. sabnzbd.ini and its backup hold the API key by design, at mode 0600 only.
 */
export async function sabnzbdStack(
  packed: Packed,
  managers: Record<string, string> = { radarr: "radarr", sonarr: "sonarr" },
  config: Record<string, unknown> = {},
): Promise<Stack> {
  const m = await testModel();
  const { unit, address } = await deployOnOwnAddress(m, "sabnzbd", packed.charmFile, config);
  m.declareCredentialFile(unit, "sabnzbd", INI);
  m.declareCredentialFile(unit, "sabnzbd", INI_BACKUP);
  const relations: Record<string, number> = {};
  for (const [name, manager] of Object.entries(managers)) {
    m.deploy(name, { charm: downloadConsumerCharm, metadata: DOWNLOAD_CONSUMER_YAML, config: { manager } });
    relations[name] = m.integrate(`${name}:download-client`, "sabnzbd:download-client").id;
  }
  await m.settle();
  return { m, address, url: `http://${address}:8080`, relations };
}

export function secretKey(m: TestModel): string {
  const key = m.secret("api-key", { owner: "sabnzbd" })?.content()["api-key"];
  if (!key) throw new Error("sabnzbd has no api-key secret");
  return key;
}

export function revisions(m: TestModel): number[] {
  return [...(m.secret("api-key", { owner: "sabnzbd" })?.revisions.keys() ?? [])];
}

/** sabnzbd.ini in the pod, parsed, with its mode. */
export async function ini(m: TestModel): Promise<{ ini: SabnzbdIni; mode: number }> {
  const file = await podFile(m, UNIT, "sabnzbd", INI);
  if (!file) throw new Error("no sabnzbd.ini in the pod");
  return { ini: SabnzbdIni.parse(file.content), mode: file.mode & 0o777 };
}

/** A client of the real app with `apiKey` (no retries: a test sees every failure). */
export function app(url: string, apiKey: string): SabnzbdClient {
  return new SabnzbdClient({ url, apiKey, retries: 0 });
}

/** How many times the app started, from its own log (a line written before it serves). */
export async function starts(m: TestModel): Promise<number> {
  const log = await podFile(m, UNIT, "sabnzbd", LOG);
  return (log?.content.match(/\] Starting web-interface on /g) ?? []).length;
}

/** The HTTP status of mode=version sent with this Host header (SABnzbd's host check runs first). */
export function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api?mode=version&output=json`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}
