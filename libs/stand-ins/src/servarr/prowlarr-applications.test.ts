import { afterEach, describe, expect, it } from "vitest";
import { SERVARR_PROFILES } from "./servarr-kind";
import type { ServarrStandIn } from "./servarr-server";
import { call, cleanUp, standIn } from "./test-support";

// Prowlarr's applications (specs/app-apis.md §e) against Radarr and Sonarr stand-ins: Prowlarr
// checks each application with the key it stores, so a key the manager rotated away shows up as a
// failing test and a failing sync.

afterEach(cleanUp);

const RADARR_CATEGORIES = [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080, 2090];

function application(manager: ServarrStandIn, prowlarr: ServarrStandIn, apiKey: string, name = "radarr") {
  const implementation = manager.kind === "radarr" ? "Radarr" : "Sonarr";
  return {
    name,
    implementation,
    configContract: `${implementation}Settings`,
    syncLevel: "fullSync",
    tags: [],
    fields: [
      { name: "prowlarrUrl", value: prowlarr.url },
      { name: "baseUrl", value: manager.url },
      { name: "apiKey", value: apiKey },
      ...(manager.kind === "radarr" ? [{ name: "syncCategories", value: RADARR_CATEGORIES }] : []),
    ],
  };
}

async function health(prowlarr: ServarrStandIn) {
  await prowlarr.settled();
  return (await call(prowlarr.url, "GET", "/api/v1/health", { key: prowlarr.apiKey() })).json;
}

async function rotate(app: ServarrStandIn): Promise<string> {
  const old = app.apiKey();
  const root = SERVARR_PROFILES[app.kind].apiRoot;
  expect(
    (await call(app.url, "POST", `${root}/command`, { key: old, body: { name: "ResetApiKey" } })).status,
  ).toBe(201);
  await app.settled();
  return app.apiKey();
}

describe("Prowlarr applications", () => {
  it("registers Radarr and Sonarr after checking their keys; masks the keys; derives enable", async () => {
    const prowlarr = await standIn("prowlarr");
    const radarr = await standIn("radarr");
    const sonarr = await standIn("sonarr");
    const key = prowlarr.apiKey();
    const added = await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: application(radarr, prowlarr, radarr.apiKey()),
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      id: 1,
      name: "radarr",
      implementation: "Radarr",
      implementationName: "Radarr",
      configContract: "RadarrSettings",
      syncLevel: "fullSync",
      enable: true,
      tags: [],
    });
    const fields = (added.json as { fields: { name: string; value?: unknown; privacy?: string }[] }).fields;
    expect(fields.find((f) => f.name === "apiKey")).toMatchObject({ value: "********", privacy: "apiKey" });
    expect(fields.find((f) => f.name === "syncCategories")?.value).toEqual(RADARR_CATEGORIES);
    expect(added.text).not.toContain(radarr.apiKey());

    const tv = await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: { ...application(sonarr, prowlarr, sonarr.apiKey(), "sonarr"), syncLevel: 1 },
    });
    expect(tv.json).toMatchObject({ syncLevel: "addOnly", enable: true });
    const sonarrFields = (tv.json as { fields: { name: string; value?: unknown }[] }).fields;
    expect(sonarrFields.find((f) => f.name === "animeSyncCategories")?.value).toEqual([5070]);
    expect(await health(prowlarr)).toEqual([]);
    const listed = (await call(prowlarr.url, "GET", "/api/v1/applications", { key })).json as {
      name: string;
    }[];
    expect(listed.map((a) => a.name)).toEqual(["radarr", "sonarr"]);
  });

  it("refuses an application whose key the manager rejects (ApiKey: API Key is invalid)", async () => {
    const prowlarr = await standIn("prowlarr");
    const radarr = await standIn("radarr");
    const refused = await call(prowlarr.url, "POST", "/api/v1/applications", {
      key: prowlarr.apiKey(),
      body: application(radarr, prowlarr, "0".repeat(32)),
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual([
      { propertyName: "ApiKey", errorMessage: "API Key is invalid", severity: "error", isWarning: false },
    ]);
  });

  it("detects a stale key: the test fails and the sync shows in health, until the key is updated", async () => {
    const prowlarr = await standIn("prowlarr");
    const radarr = await standIn("radarr");
    const sonarr = await standIn("sonarr");
    const key = prowlarr.apiKey();
    await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: application(radarr, prowlarr, radarr.apiKey()),
    });
    await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: application(sonarr, prowlarr, sonarr.apiKey(), "sonarr"),
    });
    const stored = (await call(prowlarr.url, "GET", "/api/v1/applications/1", { key })).json as Record<
      string,
      unknown
    >;

    const fresh = await rotate(radarr);
    // The stored resource, sent back masked, is tested with the stored (now stale) key.
    const test = await call(prowlarr.url, "POST", "/api/v1/applications/test", { key, body: stored });
    expect(test.status).toBe(400);
    expect(test.json).toEqual([
      expect.objectContaining({ propertyName: "ApiKey", errorMessage: "API Key is invalid" }),
    ]);
    const all = await call(prowlarr.url, "POST", "/api/v1/applications/testall", { key });
    expect(all.status).toBe(400);
    expect(all.json).toEqual([
      { id: 1, isValid: false, validationFailures: [expect.objectContaining({ propertyName: "ApiKey" })] },
      { id: 2, isValid: true, validationFailures: [] },
    ]);

    // A sync finds it too, and health says which application is unavailable.
    const sync = await call(prowlarr.url, "POST", "/api/v1/command", {
      key,
      body: { name: "ApplicationIndexerSync" },
    });
    expect(sync.status).toBe(201);
    expect(await health(prowlarr)).toEqual([
      {
        source: "ApplicationStatusCheck",
        type: "warning",
        message: "Applications unavailable due to failures: radarr",
        wikiUrl: "https://wiki.servarr.com/prowlarr/system#applications-are-unavailable-due-to-failures",
      },
    ]);

    // Every application failing is an error.
    await rotate(sonarr);
    await call(prowlarr.url, "POST", "/api/v1/command", { key, body: { name: "ApplicationIndexerSync" } });
    expect(await health(prowlarr)).toEqual([
      expect.objectContaining({ type: "error", message: "All applications are unavailable due to failures" }),
    ]);

    // The manager updates its registration with its new key: tested, saved, synced.
    const updated = await call(prowlarr.url, "PUT", "/api/v1/applications/1", {
      key,
      body: application(radarr, prowlarr, fresh),
    });
    expect(updated.status).toBe(202);
    expect(await health(prowlarr)).toEqual([
      expect.objectContaining({
        type: "warning",
        message: "Applications unavailable due to failures: sonarr",
      }),
    ]);
  });

  it("tests an unsaved application with the key it is given, and keeps the stored key for a masked PUT", async () => {
    const prowlarr = await standIn("prowlarr");
    const radarr = await standIn("radarr");
    const key = prowlarr.apiKey();
    expect(
      (
        await call(prowlarr.url, "POST", "/api/v1/applications/test", {
          key,
          body: application(radarr, prowlarr, radarr.apiKey()),
        })
      ).status,
    ).toBe(200);
    await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: application(radarr, prowlarr, radarr.apiKey()),
    });
    const stored = (await call(prowlarr.url, "GET", "/api/v1/applications/1", { key })).json as Record<
      string,
      unknown
    >;
    // PUT takes the id from the body, tests again (always) with the stored key, and keeps it.
    const renamed = await call(prowlarr.url, "PUT", "/api/v1/applications/99", {
      key,
      body: { ...stored, name: "movies" },
    });
    expect(renamed.status).toBe(202);
    expect(renamed.json).toMatchObject({ id: 1, name: "movies" });
    expect(await health(prowlarr)).toEqual([]);
  });

  it("reports a manager it cannot reach, a missing version header and bad URLs", async () => {
    const prowlarr = await standIn("prowlarr");
    const radarr = await standIn("radarr");
    const key = prowlarr.apiKey();
    const body = application(radarr, prowlarr, radarr.apiKey());
    const unreachable = await call(prowlarr.url, "POST", "/api/v1/applications/test", {
      key,
      body: {
        ...body,
        fields: body.fields.map((f) => (f.name === "baseUrl" ? { ...f, value: "http://127.0.0.1:1" } : f)),
      },
    });
    expect(unreachable.json).toEqual([
      expect.objectContaining({
        propertyName: "BaseUrl",
        errorMessage: expect.stringContaining("cannot connect to Radarr"),
      }),
    ]);
    const badUrl = await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: {
        ...body,
        fields: body.fields.map((f) => (f.name === "prowlarrUrl" ? { ...f, value: "prowlarr:9696" } : f)),
      },
    });
    expect(badUrl.json).toEqual([expect.objectContaining({ propertyName: "ProwlarrUrl" })]);
    // Disabled: saved without checks.
    const disabled = await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: { ...application(radarr, prowlarr, "stale"), syncLevel: "disabled" },
    });
    expect(disabled.json).toMatchObject({ enable: false, syncLevel: "disabled" });
  });

  it("re-syncs every application when its own key is reset, and forgets deleted ones", async () => {
    const prowlarr = await standIn("prowlarr");
    const radarr = await standIn("radarr");
    const key = prowlarr.apiKey();
    await call(prowlarr.url, "POST", "/api/v1/applications", {
      key,
      body: application(radarr, prowlarr, radarr.apiKey()),
    });
    await rotate(radarr);
    const newKey = await rotate(prowlarr);
    expect(newKey).not.toBe(key);
    expect(await health(prowlarr)).toEqual([expect.objectContaining({ type: "error" })]);
    expect((await call(prowlarr.url, "DELETE", "/api/v1/applications/1", { key: newKey })).status).toBe(200);
    expect(await health(prowlarr)).toEqual([]);
  });
});
