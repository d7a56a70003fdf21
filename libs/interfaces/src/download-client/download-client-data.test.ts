import { describe, expect, it } from "vitest";
import { testRelation } from "../../testing/test-relation";
import {
  publishDownloadClientProvider,
  publishDownloadClientRequirer,
  readDownloadClientProvider,
  readDownloadClientRequirer,
} from "./download-client-data";

const QBIT_ID = "secret:d0r2b6ovnsmo1bu5l1f0";
const SAB_ID = "secret:d0r2b6ovnsmo1bu5l1g0";
const QBIT = {
  "api-url": "http://127.0.1.4:8080",
  client: "qbittorrent",
  "instance-name": "qbittorrent",
  "credentials-secret-id": QBIT_ID,
};
const SAB = {
  "api-url": "http://127.0.1.5:8080",
  client: "sabnzbd",
  "instance-name": "sabnzbd",
  "api-key-secret-id": SAB_ID,
};

describe("download-client provider data", () => {
  it("parses qBittorrent's credentials-secret-id and SABnzbd's api-key-secret-id", async () => {
    await expect(readDownloadClientProvider(testRelation({ remote: QBIT }).relation)).resolves.toEqual({
      ok: true,
      data: {
        apiUrl: "http://127.0.1.4:8080",
        client: "qbittorrent",
        instanceName: "qbittorrent",
        secretId: QBIT_ID,
      },
    });
    await expect(
      readDownloadClientProvider(testRelation({ remote: { ...SAB, "client-type": "usenet" } }).relation),
    ).resolves.toEqual({
      ok: true,
      data: { apiUrl: "http://127.0.1.5:8080", client: "sabnzbd", instanceName: "sabnzbd", secretId: SAB_ID },
    });
  });

  const { "credentials-secret-id": _, ...qbitWithoutId } = QBIT;
  it.each([
    ["both secret ids", { ...QBIT, "api-key-secret-id": SAB_ID }, "api-key-secret-id"],
    ["neither secret id", qbitWithoutId, "credentials-secret-id"],
    [
      "the id key not matching the client",
      { ...qbitWithoutId, "api-key-secret-id": QBIT_ID },
      "credentials-secret-id, api-key-secret-id",
    ],
    ["a bad secret id", { ...QBIT, "credentials-secret-id": "admin:hunter2" }, "credentials-secret-id"],
    ["a bad client", { ...SAB, client: "nzbget" }, "client"],
    ["a bad url", { ...SAB, "api-url": "sabnzbd:8080" }, "api-url"],
    ["a bad instance-name", { ...SAB, "instance-name": "SABnzbd" }, "instance-name"],
  ])("ignores %s, warning with keys only", async (_, remote, keys) => {
    const { relation, logLines } = testRelation({ remote, endpoint: "download-client" });
    await expect(readDownloadClientProvider(relation)).resolves.toEqual({
      ok: false,
      reason: `invalid data from remote on download-client:3: ${keys}`,
    });
    expect(logLines).toHaveLength(1);
    for (const value of Object.values(remote)) expect(logLines[0]).not.toContain(value);
  });
});

describe("download-client requirer data", () => {
  it("parses the manager and its name", async () => {
    const { relation } = testRelation({ remote: { manager: "radarr", "instance-name": "radarr-4k" } });
    await expect(readDownloadClientRequirer(relation)).resolves.toEqual({
      ok: true,
      data: { manager: "radarr", instanceName: "radarr-4k" },
    });
  });

  it("ignores a missing manager", async () => {
    const { relation } = testRelation({ remote: { "instance-name": "radarr" } });
    const parsed = await readDownloadClientRequirer(relation);
    expect(parsed.ok).toBe(false);
  });
});

describe("publishing download-client", () => {
  it("writes the id under the key of the client, and clears the other client's key", async () => {
    const t = testRelation({ local: SAB });
    await publishDownloadClientProvider(t.relation, {
      apiUrl: "http://127.0.1.5:8080",
      client: "qbittorrent",
      instanceName: "sabnzbd",
      secretId: QBIT_ID,
    });
    expect(t.sets).toEqual([
      { client: "qbittorrent", "credentials-secret-id": QBIT_ID, "api-key-secret-id": "" },
    ]);
    expect(t.localBag()).toEqual({
      "api-url": "http://127.0.1.5:8080",
      client: "qbittorrent",
      "instance-name": "sabnzbd",
      "credentials-secret-id": QBIT_ID,
    });
    const back = testRelation({ remote: t.localBag() });
    await expect(readDownloadClientProvider(back.relation)).resolves.toMatchObject({ ok: true });
  });

  it("makes no relation-set call when nothing changed", async () => {
    const t = testRelation({ local: QBIT });
    await publishDownloadClientProvider(t.relation, {
      apiUrl: "http://127.0.1.4:8080",
      client: "qbittorrent",
      instanceName: "qbittorrent",
      secretId: QBIT_ID,
    });
    const r = testRelation({ local: { manager: "sonarr", "instance-name": "sonarr" } });
    await publishDownloadClientRequirer(r.relation, { manager: "sonarr", instanceName: "sonarr" });
    expect(t.sets).toEqual([]);
    expect(r.sets).toEqual([]);
  });

  it("requirer: writes manager and instance-name", async () => {
    const t = testRelation();
    await publishDownloadClientRequirer(t.relation, { manager: "sonarr", instanceName: "sonarr" });
    expect(t.sets).toEqual([{ manager: "sonarr", "instance-name": "sonarr" }]);
  });
});
