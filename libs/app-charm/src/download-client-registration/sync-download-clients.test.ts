// syncDownloadClients in the embedded model, in-process: a Radarr stand-in and a fake SABnzbd
// (the real downloaders are in download-clients.integration.test.ts). What must never fail a
// hook, what a manager publishes, what it remembers, and what it leaves alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomApiKey } from "@charmarr/secrets";
import { type ServarrStandIn, startServarrStandIn } from "@charmarr/stand-ins";
import { type TestModel, testModel } from "@charmarr/testing";
import { type HttpTransport, MediaManagerClient, nodeHttpTransport } from "@charmarr/workloads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  downloaderCharm,
  ungrantedDownloaderCharm,
} from "../../testing/download-client-registration/downloader-charm";
import { FakeSabnzbd } from "../../testing/download-client-registration/fake-sabnzbd";
import {
  lastSync,
  managerCharm,
  syncHistory,
} from "../../testing/download-client-registration/manager-charm";
import { MANAGED_CLIENTS_STATE_KEY } from "./managed-download-clients";

let m: TestModel;
let radarr: ServarrStandIn;
let sab: FakeSabnzbd;
let dataDir: string;
let calls: string[];

beforeEach(async () => {
  m = await testModel();
  dataDir = mkdtempSync(join(tmpdir(), "dl-sync-"));
  // Radarr keeps the download clients\' keys in its database, as the real app does.
  m.declareHostCredentialDir(dataDir);
  radarr = await startServarrStandIn({ kind: "radarr", dataDir, port: 0, bindAddress: "127.0.0.1" });
  sab = await new FakeSabnzbd(randomApiKey()).start();
  sab.categories.add("radarr");
  calls = [];
  lastSync.clear();
  syncHistory.length = 0;
});
afterEach(async () => {
  try {
    await m.close();
  } finally {
    await Promise.all([radarr.close(), sab.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

const countingTransport: HttpTransport = (request) => {
  calls.push(`${request.method} ${request.url.pathname}`);
  return nodeHttpTransport(request);
};

const api = () => new MediaManagerClient({ app: "radarr", url: radarr.url, apiKey: radarr.apiKey() });
const names = async () => (await api().downloadClients.list()).map((c) => c.name).sort();

function deployRadarr(config: Record<string, unknown> = {}, units = 1) {
  m.deploy("radarr", {
    charm: managerCharm("radarr", { transport: countingTransport }),
    config: { url: radarr.url, "api-key": radarr.apiKey(), ...config },
    units,
  });
}

function deploySab() {
  m.deploy("sabnzbd", {
    charm: downloaderCharm("sabnzbd", "sabnzbd", () => sab.asDownloader()).charm,
    config: { url: sab.url },
  });
}

const statusOf = (unit: string) => m.unitStatus(unit);
const noFailedHooks = () => expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);

describe("syncDownloadClients", () => {
  it("publishes manager and instance-name, and waits quietly while the downloader has published nothing", async () => {
    deployRadarr();
    m.deploy("sabnzbd", {
      charm: downloaderCharm("sabnzbd", "sabnzbd", () => sab.asDownloader()).charm,
      // No url: the downloader publishes nothing.
    });
    const rel = m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    expect(m.databag(rel.id, "radarr")).toEqual({ manager: "radarr", "instance-name": "radarr" });
    expect(statusOf("radarr/0")).toMatchObject({
      status: "waiting",
      message: `waiting for sabnzbd to publish its URL and credentials on download-client:${rel.id}`,
    });
    expect(m.logs("radarr/0").filter((l) => l.level === "WARNING")).toEqual([]);
    expect(await names()).toEqual([]);
    noFailedHooks();
  });

  it("waits for a grant that is not there, without failing the hook", async () => {
    deployRadarr();
    m.deploy("stingy", { charm: ungrantedDownloaderCharm });
    const rel = m.integrate("radarr:download-client", "stingy:download-client");
    await m.settle();
    expect(statusOf("radarr/0")).toMatchObject({
      status: "waiting",
      message: `waiting for stingy to grant access to its secret on download-client:${rel.id}`,
    });
    noFailedHooks();
  });

  it("registers, remembers a fingerprint only, and keeps it with a single GET per hook", async () => {
    deployRadarr();
    deploySab();
    m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    expect(statusOf("radarr/0")).toMatchObject({ status: "active", message: "1 download clients" });
    expect(await names()).toEqual(["sabnzbd"]);
    const state = await m.runTool("radarr/0", "state-get", ["--format=json", MANAGED_CLIENTS_STATE_KEY]);
    expect(state.stdout).not.toContain(sab.apiKey);
    calls = [];
    m.advance(6 * 60_000);
    await m.settle();
    expect(calls).toEqual(["GET /api/v3/downloadclient"]);
    noFailedHooks();
  });

  it("names the client after the related application as Juju knows it, not the instance-name it claims", async () => {
    deployRadarr();
    m.deploy("sabnzbd", {
      charm: downloaderCharm("sabnzbd", "sabnzbd", () => sab.asDownloader()).charm,
      config: { url: sab.url, claim: "qbittorrent" },
    });
    m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    expect(await names()).toEqual(["sabnzbd"]);
    noFailedHooks();
  });

  it("reports a downloader that refuses the credential as Waiting, and registers once it takes it", async () => {
    sab.charmKey = randomApiKey(); // the downloader's secret will not be what the app takes
    deployRadarr();
    deploySab();
    m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    const status = statusOf("radarr/0");
    expect(status.status).toBe("waiting");
    expect(status.message).toBe("Radarr cannot use sabnzbd yet: APIKey: API Key Incorrect");
    expect(await names()).toEqual([]);
    noFailedHooks();

    // The downloader's app takes the secret's key again (its charm repaired the drift).
    sab.apiKey = sab.charmKey;
    m.advance(6 * 60_000);
    await m.settle();
    expect(statusOf("radarr/0")).toMatchObject({ status: "active" });
    expect(await names()).toEqual(["sabnzbd"]);
  });

  it("waits, without failing the hook or forgetting anything, while its own app is down or refuses its key", async () => {
    deployRadarr();
    deploySab();
    const rel = m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    const before = await m.runTool("radarr/0", "state-get", ["--format=json", MANAGED_CLIENTS_STATE_KEY]);

    m.config("radarr", { "api-key": randomApiKey() });
    await m.settle();
    expect(statusOf("radarr/0")).toMatchObject({
      status: "waiting",
      message: "Radarr refused the charm's API key",
    });

    m.config("radarr", { "api-key": radarr.apiKey(), url: "http://127.0.0.1:9" });
    await m.settle();
    expect(statusOf("radarr/0")).toMatchObject({
      status: "waiting",
      message: expect.stringMatching(/^cannot reach Radarr \(/),
    });
    const after = await m.runTool("radarr/0", "state-get", ["--format=json", MANAGED_CLIENTS_STATE_KEY]);
    expect(after.stdout).toBe(before.stdout);

    // The relation goes while the app is down: the client goes when the app is back.
    m.removeRelation(rel);
    await m.settle();
    expect(statusOf("radarr/0")).toMatchObject({
      status: "waiting",
      message: expect.stringMatching(/^cannot reach Radarr \(/),
    });
    expect(await names()).toEqual(["sabnzbd"]);
    m.config("radarr", { url: radarr.url });
    await m.settle();
    expect(await names()).toEqual([]);
    expect(statusOf("radarr/0")).toMatchObject({ status: "active", message: "0 download clients" });
    noFailedHooks();
  });

  it("saves a SABnzbd that lacks the category yet, with a note", async () => {
    sab.categories.clear();
    deployRadarr();
    deploySab();
    m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    const outcome = syncHistory.flatMap((s) => s.outcomes).find((o) => o.state === "registered");
    expect(outcome).toMatchObject({ state: "registered", action: "added" });
    expect(outcome?.state === "registered" && outcome.note).toBe(
      "Radarr cannot use sabnzbd yet: MovieCategory: Category does not exist",
    );
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual([
      "POST /api/v3/downloadclient",
      "POST /api/v3/downloadclient",
    ]);
  });

  it("finds its client again by name when its memory is lost, and still removes it with the relation", async () => {
    deployRadarr();
    deploySab();
    const rel = m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    // The unit's state is lost or garbled (here by hand, in the engine).
    m.model.state.units.get("radarr/0")?.state.set(MANAGED_CLIENTS_STATE_KEY, "garbage");
    m.advance(6 * 60_000);
    await m.settle();
    expect(
      m.logs("radarr/0").some((l) => l.message.includes("unreadable list of managed download clients")),
    ).toBe(true);
    expect(await names()).toEqual(["sabnzbd"]);

    m.removeRelation(rel);
    await m.settle();
    expect(await names()).toEqual([]);
    expect(statusOf("radarr/0")).toMatchObject({ status: "active", message: "0 download clients" });
    noFailedHooks();
  });

  it("does nothing on a non-leader", async () => {
    deployRadarr({}, 2);
    deploySab();
    m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    expect(lastSync.has("radarr/1")).toBe(false);
    expect(await names()).toEqual(["sabnzbd"]);
  });
});
