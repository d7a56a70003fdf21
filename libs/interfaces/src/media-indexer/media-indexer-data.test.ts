import { describe, expect, it } from "vitest";
import { testRelation } from "../../testing/test-relation";
import {
  publishMediaIndexerProvider,
  publishMediaIndexerRequirer,
  readMediaIndexerProvider,
  readMediaIndexerRequirer,
} from "./media-indexer-data";

const ID = "secret:d0r2b6ovnsmo1bu5l1f0";
const PROVIDER = { "api-url": "http://127.0.1.1:9696", "api-key-secret-id": ID, indexer: "prowlarr" };

describe("media-indexer provider data", () => {
  it("parses Prowlarr's data, ignoring unknown keys", async () => {
    const { relation } = testRelation({ remote: { ...PROVIDER, "base-path": "/prowlarr", config: "{}" } });
    await expect(readMediaIndexerProvider(relation)).resolves.toEqual({
      ok: true,
      data: { apiUrl: "http://127.0.1.1:9696", apiKeySecretId: ID, indexer: "prowlarr" },
    });
  });

  it("reports an empty databag as no data yet, without a warning", async () => {
    const { relation, logLines } = testRelation();
    await expect(readMediaIndexerProvider(relation)).resolves.toEqual({ ok: false, reason: "no data yet" });
    expect(logLines).toEqual([]);
  });

  it.each([
    ["missing key", { "api-url": PROVIDER["api-url"], indexer: "prowlarr" }, "api-key-secret-id"],
    ["bad url", { ...PROVIDER, "api-url": "prowlarr:9696" }, "api-url"],
    ["bad secret id", { ...PROVIDER, "api-key-secret-id": "hunter2-the-api-key" }, "api-key-secret-id"],
    ["bad indexer", { ...PROVIDER, indexer: "jackett" }, "indexer"],
  ])("ignores garbage (%s) with a warning naming the key, never the value", async (_, remote, key) => {
    const { relation, logLines } = testRelation({ remote, endpoint: "media-indexer" });
    const parsed = await readMediaIndexerProvider(relation);
    expect(parsed).toEqual({ ok: false, reason: `invalid data from remote on media-indexer:3: ${key}` });
    expect(logLines).toHaveLength(1);
    const line = JSON.parse(logLines[0]!) as { level: number; fields: string[] };
    expect(line.level).toBe(40);
    expect(line.fields).toEqual([key]);
    for (const value of Object.values(remote)) expect(logLines[0]).not.toContain(value);
  });
});

describe("media-indexer requirer data", () => {
  it("parses the manager's data", async () => {
    const { relation } = testRelation({ remote: { manager: "sonarr", "instance-name": "sonarr-anime" } });
    await expect(readMediaIndexerRequirer(relation)).resolves.toEqual({
      ok: true,
      data: { manager: "sonarr", instanceName: "sonarr-anime" },
    });
  });

  it("rejects an unknown manager and a name that is not a Juju app name", async () => {
    const bad = testRelation({ remote: { manager: "plex", "instance-name": "Sonarr 4K" } });
    const parsed = await readMediaIndexerRequirer(bad.relation);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/: manager, instance-name$/);
  });
});

describe("publishing media-indexer", () => {
  it("writes every key the first time, nothing when unchanged, only the difference after", async () => {
    const t = testRelation();
    await publishMediaIndexerProvider(t.relation, { apiUrl: "http://127.0.1.1:9696", apiKeySecretId: ID });
    expect(t.sets).toEqual([PROVIDER]);

    await publishMediaIndexerProvider(t.nextHook(), { apiUrl: "http://127.0.1.1:9696", apiKeySecretId: ID });
    expect(t.sets).toHaveLength(1);

    await publishMediaIndexerProvider(t.nextHook(), { apiUrl: "http://10.1.2.3:9696", apiKeySecretId: ID });
    expect(t.sets[1]).toEqual({ "api-url": "http://10.1.2.3:9696" });
    expect(t.localBag()).toEqual({ ...PROVIDER, "api-url": "http://10.1.2.3:9696" });
  });

  it("requirer: writes manager and instance-name, what the provider reads back", async () => {
    const t = testRelation({ local: { "api-url": "http://old", manager: "radarr" } });
    await publishMediaIndexerRequirer(t.relation, { manager: "radarr", instanceName: "radarr" });
    // api-url is not a key of this side: left alone (it belongs to nobody we know).
    expect(t.sets).toEqual([{ "instance-name": "radarr" }]);
    const back = testRelation({ remote: t.localBag() });
    await expect(readMediaIndexerRequirer(back.relation)).resolves.toEqual({
      ok: true,
      data: { manager: "radarr", instanceName: "radarr" },
    });
  });

  it("refuses to publish data the other side would reject, naming keys only", async () => {
    const t = testRelation();
    await expect(
      publishMediaIndexerProvider(t.relation, { apiUrl: "localhost:9696", apiKeySecretId: "the-key" }),
    ).rejects.toThrow("refusing to publish invalid media-indexer provider data: api-url, api-key-secret-id");
    expect(t.sets).toEqual([]);
  });
});
