// What the SABnzbd charm's process-level tests share beyond the downloaders' helpers: the charm
// (the real sabnzbdplus under the engine's Pebble), and probes of the real app.
import { request } from "node:http";
import { resolve } from "node:path";
import type { Downloader } from "@charmarr/app-charm/testing";
import { type DownloaderCharm, packDownloader, podFile, revisionsOf } from "@charmarr/app-charm/testing";
import type { TestModel } from "@charmarr/testing";
import { SabnzbdClient, SabnzbdIni } from "@charmarr/workloads";

export {
  DAY,
  MINUTE,
  type Packed,
  type Stack,
} from "@charmarr/app-charm/testing";
export const INI = "/config/sabnzbd.ini";
/** SABnzbd copies the ini here (mode included) before each save: the previous key lives on in it. */
export const INI_BACKUP = "/config/sabnzbd.ini.bak";
export const LOG = "/config/logs/sabnzbd.log";
export const UNIT = "sabnzbd/0";

export const SABNZBD: Downloader = {
  app: "sabnzbd",
  unit: UNIT,
  secretLabel: "api-key",
  secretIdKey: "api-key-secret-id",
};

export const packSabnzbd = () => packDownloader("sabnzbd", resolve(import.meta.dirname, ".."));

/** The charm for downloaderTestFile: sabnzbd.ini and its backup hold the API key by design, at mode 0600 only. */
export const SABNZBD_CHARM: DownloaderCharm = {
  app: "sabnzbd",
  pack: packSabnzbd,
  credentialFiles: [INI, INI_BACKUP],
};

export function secretKey(m: TestModel): string {
  const key = m.secret("api-key", { owner: "sabnzbd" })?.content()["api-key"];
  if (!key) throw new Error("sabnzbd has no api-key secret");
  return key;
}

export const revisions = (m: TestModel) => revisionsOf(m, "api-key", "sabnzbd");

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
