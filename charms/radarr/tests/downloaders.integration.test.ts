/**
 * The whole download side of the stack as processes: the packed qbittorrent and sabnzbd charms
 * run the REAL qbittorrent-nox and sabnzbdplus under the engine's Pebble; the packed radarr and
 * sonarr charms run their stand-ins, which test every stored download client against the real
 * downloader. Registrations, categories and every rotation are checked through the apps.
 */

import { relateToSharedStorage } from "@charmarr/media-storage-charm/testing";
import {
  DAY,
  deployServarr,
  type PackedCharms,
  packServarrCharms,
  publishedUrl,
  secretKey,
  servarrModel,
} from "@charmarr/prowlarr-charm/testing";
import { packQbittorrent, qbittorrentAccepts } from "@charmarr/qbittorrent-charm/testing";
import { packSabnzbd } from "@charmarr/sabnzbd-charm/testing";
import type { TestModel } from "@charmarr/testing";
import {
  type DownloadClient,
  MediaManagerClient,
  QbittorrentClient,
  SabnzbdClient,
} from "@charmarr/workloads";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const MANAGERS = ["radarr", "sonarr"] as const;
const QBT_CONF = "/config/qBittorrent/config/qBittorrent.conf";

let servarr: PackedCharms;
let qbittorrent: { charmFile: string; close(): void };
let sabnzbd: { charmFile: string; close(): void };
let m: TestModel | undefined;

beforeAll(async () => {
  [servarr, qbittorrent, sabnzbd] = await Promise.all([
    packServarrCharms(["radarr", "sonarr"]),
    packQbittorrent(),
    packSabnzbd(),
  ]);
}, 300_000);
afterAll(() => {
  servarr?.close();
  qbittorrent?.close();
  sabnzbd?.close();
});
afterEach(async () => {
  await m?.close();
  m = undefined;
});

interface Stack {
  m: TestModel;
  /** relation ids: `${manager}:${downloader}` */
  relations: Record<string, number>;
}

async function deployStack(): Promise<Stack> {
  const model = await servarrModel({ maxHooksPerSettle: 3_000 });
  m = model;
  model.deploy("qbittorrent", {
    charmFile: qbittorrent.charmFile,
    config: { "peer-discovery": false, "kill-switch": false },
  });
  relateToSharedStorage(model, "qbittorrent");
  model.declareCredentialFile("qbittorrent/0", "qbittorrent", QBT_CONF);
  model.declareCredentialFile(
    "qbittorrent/0",
    "qbittorrent",
    "/config/qBittorrent/config/qBittorrent_new.conf",
  );
  model.deploy("sabnzbd", { charmFile: sabnzbd.charmFile });
  relateToSharedStorage(model, "sabnzbd");
  model.declareCredentialFile("sabnzbd/0", "sabnzbd", "/config/sabnzbd.ini");
  model.declareCredentialFile("sabnzbd/0", "sabnzbd", "/config/sabnzbd.ini.bak");
  for (const manager of MANAGERS) deployServarr(model, servarr, manager);
  const relations: Record<string, number> = {};
  for (const manager of MANAGERS) {
    for (const downloader of ["qbittorrent", "sabnzbd"]) {
      relations[`${manager}:${downloader}`] = model.integrate(
        `${manager}:download-client`,
        `${downloader}:download-client`,
      ).id;
    }
  }
  await model.settle();
  return { m: model, relations };
}

function failed(model: TestModel): string[] {
  return model.hookLog.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook} ${h.result}`);
}

/** The manager's API at its unit's address (its pod IP; the app binds every address of its pod). */
function managerApi(model: TestModel, manager: (typeof MANAGERS)[number]) {
  const address = model.model.unit(`${manager}/0`).address;
  const port = manager === "radarr" ? 7878 : 8989;
  return new MediaManagerClient({
    app: manager,
    url: `http://${address}:${port}`,
    apiKey: secretKey(model, manager),
    retries: 0,
  });
}

/** Each manager's download clients, and whether the app's own test of each (with what it stores) passes. */
async function registrations(model: TestModel) {
  const out: Record<string, { name: string; category: unknown; works: boolean }[]> = {};
  for (const manager of MANAGERS) {
    const api = managerApi(model, manager);
    const clients: DownloadClient[] = await api.downloadClients.list();
    out[manager] = await Promise.all(
      clients.map(async (client) => ({
        name: client.name,
        category: client.fields.find((f) => /Category$/.test(f.name))?.value,
        works: (await api.downloadClients.test(client)).valid,
      })),
    );
    out[manager]?.sort((a, b) => a.name.localeCompare(b.name));
  }
  return out;
}

function qbtCredentials(model: TestModel) {
  const content = model.secret("credentials", { owner: "qbittorrent" })?.content();
  return { username: content?.username ?? "", password: content?.password ?? "" };
}

const sabKey = (model: TestModel) => secretKey(model, "sabnzbd");

function downloaderUrls(model: TestModel, relations: Record<string, number>) {
  return {
    qbittorrent: publishedUrl(model, relations["radarr:qbittorrent"] ?? -1, "qbittorrent"),
    sabnzbd: publishedUrl(model, relations["radarr:sabnzbd"] ?? -1, "sabnzbd"),
  };
}

const expected = (works: boolean) =>
  ["qbittorrent", "sabnzbd"].map((name) => ({ name, category: expect.any(String), works }));

describe("radarr and sonarr with the real qBittorrent and SABnzbd", () => {
  it("registers both downloaders in both managers with credentials the real apps accept, and the categories exist", async () => {
    const { m: model, relations } = await deployStack();
    expect(failed(model)).toEqual([]);
    const regs = await registrations(model);
    expect(regs.radarr).toEqual(expected(true));
    expect(regs.sonarr).toEqual(expected(true));
    expect(regs.radarr?.every((r) => r.category === "radarr")).toBe(true);
    expect(regs.sonarr?.every((r) => r.category === "sonarr")).toBe(true);

    const urls = downloaderUrls(model, relations);
    const qbt = new QbittorrentClient({ url: urls.qbittorrent, ...qbtCredentials(model), retries: 0 });
    expect(Object.keys(await qbt.categories()).sort()).toEqual(["radarr", "sonarr"]);
    const sab = new SabnzbdClient({ url: urls.sabnzbd, apiKey: sabKey(model), retries: 0 });
    // SABnzbd ships categories of its own (movies, tv...): ours are added beside them.
    expect(await sab.categoryNames()).toEqual(expect.arrayContaining(["radarr", "sonarr"]));
    for (const unit of ["qbittorrent/0", "sabnzbd/0", "radarr/0", "sonarr/0"]) {
      expect(model.unitStatus(unit)).toMatchObject({ status: "active" });
    }
  }, 300_000);

  it("a rotation of each downloader (action, then the clock) is followed by both managers in one round", async () => {
    const { m: model, relations } = await deployStack();
    const urls = downloaderUrls(model, relations);

    // qBittorrent by action.
    const oldQbt = qbtCredentials(model);
    const before = model.hookLog.length;
    const action = await model.runAction("qbittorrent/0", "rotate-credentials", {});
    expect(action.status).toBe("completed");
    await model.settle();
    const newQbt = qbtCredentials(model);
    expect(newQbt.password).not.toBe(oldQbt.password);
    expect(await qbittorrentAccepts(urls.qbittorrent, newQbt)).toBe(true);
    expect(await qbittorrentAccepts(urls.qbittorrent, oldQbt)).toBe(false);
    // One round: each manager ran exactly one secret-changed hook for it.
    const round = model.hookLog.slice(before);
    for (const manager of MANAGERS) {
      expect(round.filter((h) => h.unit === `${manager}/0` && h.hook === "secret-changed")).toHaveLength(1);
    }
    let regs = await registrations(model);
    expect(regs.radarr).toEqual(expected(true));
    expect(regs.sonarr).toEqual(expected(true));

    // SABnzbd (and every other key) by the clock.
    const oldSab = sabKey(model);
    model.advance(31 * DAY);
    await model.settle();
    const newSab = sabKey(model);
    expect(newSab).not.toBe(oldSab);
    const sab = new SabnzbdClient({ url: urls.sabnzbd, apiKey: newSab, retries: 0 });
    expect(await sab.acceptsKey(newSab)).toBe(true);
    expect(await sab.acceptsKey(oldSab)).toBe(false);
    regs = await registrations(model);
    expect(regs.radarr).toEqual(expected(true));
    expect(regs.sonarr).toEqual(expected(true));

    // Nothing failed, and only the revisions in use are left.
    expect(failed(model)).toEqual([]);
    for (const [label, owner] of [
      ["credentials", "qbittorrent"],
      ["api-key", "sabnzbd"],
      ["api-key", "radarr"],
      ["api-key", "sonarr"],
    ] as const) {
      const secret = model.secret(label, { owner });
      expect([...(secret?.revisions.keys() ?? [])]).toEqual([secret?.latestRevision]);
    }
  }, 400_000);

  it("removing a download-client relation removes that client only; the grant goes with it", async () => {
    const { m: model, relations } = await deployStack();
    model.removeRelation(relations["radarr:qbittorrent"] ?? -1);
    await model.settle();
    expect(failed(model)).toEqual([]);
    const regs = await registrations(model);
    expect(regs.radarr?.map((r) => r.name)).toEqual(["sabnzbd"]);
    expect(regs.sonarr?.map((r) => r.name)).toEqual(["qbittorrent", "sabnzbd"]);
    const grants = model.secret("credentials", { owner: "qbittorrent" })?.grants.map((g) => g.app);
    expect(grants).toEqual(["sonarr"]);
  }, 300_000);
});
