// The manager side of download-client against the real downloaders: a Radarr stand-in (whose
// download-client save and test log in to the real qBittorrent and SABnzbd with the stored
// credentials), a real qbittorrent-nox and a real sabnzbdplus, and in-process test charms on the
// embedded model: two downloaders owning their credentials as Juju secrets, and a manager that
// runs syncDownloadClients against the stand-in.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomApiKey, randomPassword } from "@charmarr/secrets";
import { type ServarrStandIn, startServarrStandIn } from "@charmarr/stand-ins";
import { type TestModel, testModel } from "@charmarr/testing";
import {
  type DownloadClient,
  type HttpTransport,
  MediaManagerClient,
  nodeHttpTransport,
  qbittorrentDownloadClient,
} from "@charmarr/workloads";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  downloaderCharm,
  junkDownloaderCharm,
} from "../../testing/download-client-registration/downloader-charm";
import {
  lastSync,
  managerCharm,
  syncHistory,
} from "../../testing/download-client-registration/manager-charm";
import { RealQbittorrent, RealSabnzbd } from "../../testing/download-client-registration/real-downloaders";
import { MANAGED_CLIENTS_STATE_KEY } from "./managed-download-clients";

const DAY = 24 * 60 * 60 * 1000;

let qbt: RealQbittorrent;
let sab: RealSabnzbd;
beforeAll(async () => {
  [qbt, sab] = await Promise.all([
    RealQbittorrent.start({ username: "charm", password: randomPassword() }),
    RealSabnzbd.start(randomApiKey()),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([qbt?.stop(), sab?.stop()]);
});

let m: TestModel;
let radarr: ServarrStandIn;
let dataDir: string;
/** Every call the manager charm made to its app: `METHOD path`. */
let calls: string[];

beforeEach(async () => {
  m = await testModel();
  dataDir = mkdtempSync(join(tmpdir(), "dl-radarr-"));
  // Radarr keeps the download clients\' keys in its database, as the real app does.
  m.declareHostCredentialDir(dataDir);
  // So do the real downloaders, in their profiles.
  m.declareHostCredentialDir(qbt.instance.dir);
  m.declareHostCredentialDir(sab.instance.dir);
  radarr = await startServarrStandIn({ kind: "radarr", dataDir, port: 0, bindAddress: "127.0.0.1" });
  calls = [];
  lastSync.clear();
  syncHistory.length = 0;
});
afterEach(async () => {
  try {
    await m.close();
  } finally {
    await radarr.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

const countingTransport: HttpTransport = (request) => {
  calls.push(`${request.method} ${request.url.pathname}`);
  return nodeHttpTransport(request);
};

const api = () => new MediaManagerClient({ app: "radarr", url: radarr.url, apiKey: radarr.apiKey() });
const clients = async () => (await api().downloadClients.list()).map((c) => c.name).sort();
const byName = async (name: string): Promise<DownloadClient> => {
  const found = (await api().downloadClients.list()).find((c) => c.name === name);
  if (!found) throw new Error(`no download client ${name}`);
  return found;
};
/** The app tests the client as stored (the masked secret resolved to the stored one) against the real downloader. */
const storedCredentialsWork = async (name: string) => api().downloadClients.test(await byName(name));
const field = (client: DownloadClient, name: string) => client.fields.find((f) => f.name === name)?.value;

function deployStack(options: { sabCategories?: boolean } = {}) {
  m.deploy("qbittorrent", {
    charm: downloaderCharm("qbittorrent", "qbittorrent", () => qbt.asDownloader()).charm,
    config: { url: qbt.url },
  });
  m.deploy("sabnzbd", {
    charm: downloaderCharm("sabnzbd", "sabnzbd", () =>
      sab.asDownloader({ categories: options.sabCategories ?? true }),
    ).charm,
    config: { url: sab.url },
  });
  m.deploy("radarr", {
    charm: managerCharm("radarr", { transport: countingTransport }),
    config: { url: radarr.url, "api-key": radarr.apiKey() },
  });
  const q = m.integrate("radarr:download-client", "qbittorrent:download-client");
  const s = m.integrate("radarr:download-client", "sabnzbd:download-client");
  return { q, s };
}

const radarrHooks = (since: number) => m.hookLog.slice(since).filter((h) => h.unit === "radarr/0");

function expectNoFailedHook() {
  expect(m.hookLog.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook} ${h.result}`)).toEqual(
    [],
  );
}

describe("download clients in Radarr, against the real qBittorrent and SABnzbd", () => {
  it("registers both with credentials the real apps accept, then makes no change while nothing changes", async () => {
    const { q } = deployStack();
    await m.settle();

    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active", message: "2 download clients" });
    expect(await clients()).toEqual(["qbittorrent", "sabnzbd"]);
    const qbit = await byName("qbittorrent");
    expect(qbit).toMatchObject({ implementation: "QBittorrent", protocol: "torrent", enable: true });
    expect(field(qbit, "host")).toBe("127.0.0.1");
    expect(field(qbit, "port")).toBe(qbt.port);
    expect(field(qbit, "username")).toBe("charm");
    expect(field(qbit, "movieCategory")).toBe("radarr");
    const sabClient = await byName("sabnzbd");
    expect(sabClient).toMatchObject({ implementation: "Sabnzbd", protocol: "usenet" });
    expect(field(sabClient, "port")).toBe(sab.port);
    expect(field(sabClient, "movieCategory")).toBe("radarr");
    expect(await storedCredentialsWork("qbittorrent")).toEqual({ valid: true });
    expect(await storedCredentialsWork("sabnzbd")).toEqual({ valid: true });
    // The categories exist in the real apps (qBittorrent: made by Radarr's test; SABnzbd: by its charm).
    expect(await qbt.categories()).toContain("radarr");
    expect(await sab.categories()).toContain("radarr");
    expect(m.databag(q.id, "radarr")).toEqual({ manager: "radarr", "instance-name": "radarr" });

    // What the charm remembers: ids, relations and fingerprints, never a credential.
    const state = await m.runTool("radarr/0", "state-get", ["--format=json", MANAGED_CLIENTS_STATE_KEY]);
    const remembered = JSON.parse(JSON.parse(state.stdout) as string) as { clients: { name: string }[] };
    expect(remembered.clients.map((c) => c.name).sort()).toEqual(["qbittorrent", "sabnzbd"]);
    expect(state.stdout).not.toContain(qbt.credentials.password);
    expect(state.stdout).not.toContain(sab.apiKey);

    // Steady state: an update-status reads the list once and writes nothing.
    calls = [];
    m.advance(6 * 60_000);
    await m.settle();
    expect(calls).toEqual(["GET /api/v3/downloadclient"]);
    expect(lastSync.get("radarr/0")?.outcomes.map((o) => o.state === "registered" && o.action)).toEqual([
      "kept",
      "kept",
    ]);
    expectNoFailedHook();
    expect(m.leaks()).toEqual([]);
  }, 90_000);

  it("follows each rotation in one round of hooks: the app then holds only the new credential", async () => {
    deployStack();
    await m.settle();
    const oldPassword = { ...qbt.credentials };
    const oldKey = sab.apiKey;

    const before = m.hookLog.length;
    const action = await m.runAction("qbittorrent/0", "rotate-credentials");
    expect(action.status).toBe("completed");
    expect(qbt.credentials.password).not.toBe(oldPassword.password);
    expect(await qbt.accepts(qbt.credentials)).toBe(true);
    expect(await qbt.accepts(oldPassword)).toBe(false);
    // One round: the owner's action, then one secret-changed on Radarr, which updated the client.
    expect(radarrHooks(before).map((h) => h.hook)).toEqual(["secret-changed"]);
    expect(lastSync.get("radarr/0")?.outcomes.map((o) => o.state === "registered" && o.action)).toEqual([
      "updated",
      "kept",
    ]);
    expect(await storedCredentialsWork("qbittorrent")).toEqual({ valid: true });
    expect(m.secret("credentials", { owner: "qbittorrent" })?.revisions.size).toBe(1);

    // Juju's schedule: both downloaders rotate; Radarr follows both.
    const scheduled = m.hookLog.length;
    m.advance(32 * DAY);
    await m.settle();
    expect(sab.apiKey).not.toBe(oldKey);
    expect(await sab.accepts(oldKey)).toBe(false);
    expect(radarrHooks(scheduled).filter((h) => h.hook === "secret-changed")).toHaveLength(2);
    expect(await storedCredentialsWork("qbittorrent")).toEqual({ valid: true });
    expect(await storedCredentialsWork("sabnzbd")).toEqual({ valid: true });
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active", message: "2 download clients" });
    expect(m.secret("api-key", { owner: "sabnzbd" })?.latestRevision).toBe(2);
    expect(m.secret("api-key", { owner: "sabnzbd" })?.revisions.size).toBe(1);
    // The rotations' "old one refused" checks are the only refused logins: far from the ban.
    expect(qbt.refusedLogins).toBeLessThan(5);
    expectNoFailedHook();
  }, 90_000);

  it("removes a client when its relation goes, the last one too, and leaves hand-made clients alone", async () => {
    const { q, s } = deployStack();
    await m.settle();
    await api().downloadClients.add(
      qbittorrentDownloadClient("radarr", {
        name: "seedbox",
        host: "127.0.0.1",
        port: 9,
        category: "radarr",
        username: "operator",
        password: "operator-secret",
      }),
      { forceSave: true },
    );

    m.removeRelation(q);
    await m.settle();
    expect(await clients()).toEqual(["sabnzbd", "seedbox"]);
    expect(lastSync.get("radarr/0")?.removed.map((r) => r.name)).toEqual(["qbittorrent"]);
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active", message: "1 download clients" });

    m.removeRelation(s);
    await m.settle();
    expect(await clients()).toEqual(["seedbox"]);
    const state = await m.runTool("radarr/0", "state-get", ["--format=json", MANAGED_CLIENTS_STATE_KEY]);
    expect(JSON.parse(JSON.parse(state.stdout) as string)).toMatchObject({ clients: [] });

    // Related again: registered again, with the current credentials.
    m.integrate("radarr:download-client", "qbittorrent:download-client");
    await m.settle();
    expect(await clients()).toEqual(["qbittorrent", "seedbox"]);
    expect(await storedCredentialsWork("qbittorrent")).toEqual({ valid: true });
    expectNoFailedHook();
  }, 90_000);

  it("ignores garbage with a warning and Waiting, and keeps the good ones registered", async () => {
    deployStack();
    m.deploy("junk", { charm: junkDownloaderCharm });
    const junk = m.integrate("radarr:download-client", "junk:download-client");
    await m.settle();

    const status = m.unitStatus("radarr/0");
    expect(status.status).toBe("waiting");
    expect(status.message).toMatch(
      new RegExp(`^invalid data from junk on download-client:${junk.id}: api-url`),
    );
    expect(
      m.logs("radarr/0").some((l) => l.level === "WARNING" && l.message.includes("invalid data from junk")),
    ).toBe(true);
    expect(await clients()).toEqual(["qbittorrent", "sabnzbd"]);
    expect(await storedCredentialsWork("sabnzbd")).toEqual({ valid: true });

    m.removeRelation(junk);
    await m.settle();
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active", message: "2 download clients" });
    expectNoFailedHook();
  }, 90_000);

  it("saves SABnzbd before it has Radarr's category, and the client works once the category exists", async () => {
    await sab.deleteCategory("radarr");
    deployStack({ sabCategories: false });
    await m.settle();

    const outcome = syncHistory
      .flatMap((s) => s.outcomes)
      .find((o) => o.remoteApp === "sabnzbd" && o.state === "registered" && o.action === "added");
    expect(outcome).toBeDefined();
    expect(outcome?.state === "registered" && outcome.note).toContain("Category does not exist");
    expect(m.unitStatus("radarr/0")).toMatchObject({ status: "active", message: "2 download clients" });
    expect(await storedCredentialsWork("sabnzbd")).toMatchObject({ valid: false });

    await sab.createCategory("radarr", "movies");
    expect(await storedCredentialsWork("sabnzbd")).toEqual({ valid: true });
    expectNoFailedHook();
  }, 90_000);
});
