import { readFileSync, writeFileSync } from "node:fs";
import { randomApiKey } from "@charmarr/secrets";
import {
  ApiKeyNotAppliedError,
  applyApiKey,
  compareProvider,
  fieldValue,
  MASKED_VALUE,
  MediaManagerClient,
  ProwlarrClient,
  prowlarrApplication,
  qbittorrentDownloadClient,
  resetApiKey,
  ServarrAuthError,
  ServarrConfigXml,
  ServarrHttpError,
  ServarrUnreachableError,
  withFieldValues,
} from "@charmarr/workloads";
import { afterEach, describe, expect, it } from "vitest";
import type { ServarrStandIn } from "./servarr-server";
import { cleanUp, fakeQbittorrent, standIn, tempDir } from "./test-support";

// @charmarr/workloads' Servarr client against the stand-ins, end to end: what a charm does.

afterEach(cleanUp);

/** What a charm does through Pebble: edit the key in config.xml, keeping the rest. */
const configFileKey = (app: ServarrStandIn) => ({
  write: async (key: string) => {
    writeFileSync(
      app.configFile,
      ServarrConfigXml.parse(readFileSync(app.configFile, "utf8")).with({ apiKey: key }).toString(),
    );
  },
  read: async () => ServarrConfigXml.parse(readFileSync(app.configFile, "utf8")).settings.apiKey,
});

const manager = (app: ServarrStandIn, apiKey = app.apiKey()) =>
  new MediaManagerClient({ app: app.kind as "radarr" | "sonarr", url: app.url, apiKey, retryDelayMs: 1 });

describe.each(["radarr", "sonarr", "prowlarr"] as const)("%s through the client", (kind) => {
  const client = (app: ServarrStandIn, apiKey = app.apiKey()) =>
    kind === "prowlarr"
      ? new ProwlarrClient({ url: app.url, apiKey, retryDelayMs: 1 })
      : manager(app, apiKey);

  it("reads status and host config, below a URL base, and tells a refused key", async () => {
    const dataDir = tempDir();
    writeFileSync(
      `${dataDir}/config.xml`,
      ServarrConfigXml.create({ urlBase: `/${kind}`, port: 0 }).toString(),
    );
    const app = await standIn(kind, { dataDir });
    const servarr = client(app);
    expect(await servarr.ping()).toBe(true);
    expect(await servarr.systemStatus()).toMatchObject({
      appName: kind.charAt(0).toUpperCase() + kind.slice(1),
      urlBase: `/${kind}`,
    });
    expect(await servarr.hostConfig()).toMatchObject({ id: 1, apiKey: app.apiKey(), urlBase: `/${kind}` });
    expect(await servarr.acceptsKey()).toBe(true);
    const wrong = servarr.withApiKey(randomApiKey());
    expect(await wrong.acceptsKey()).toBe(false);
    const error = await wrong.systemStatus().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServarrAuthError);
    expect(String(error)).not.toContain(app.apiKey());
  });

  it("applies a chosen key live: config.xml, then a host-config reload with the old key", async () => {
    const app = await standIn(kind);
    const old = client(app);
    const file = configFileKey(app);
    const newKey = randomApiKey();
    const next = await applyApiKey(old, newKey, file.write);
    expect(next).toBeInstanceOf(old.constructor);
    expect(app.apiKey()).toBe(newKey);
    expect(await old.acceptsKey()).toBe(false);
    expect(await next.acceptsKey()).toBe(true);
    expect(await file.read()).toBe(newKey);
    // A rerun after a crash (the old key already refused) finds the job done.
    expect(await (await applyApiKey(old, newKey, file.write)).acceptsKey()).toBe(true);
  });

  it("lets the app pick a key (ResetApiKey) and reads it back from config.xml", async () => {
    const app = await standIn(kind);
    const old = client(app);
    const { apiKey, client: next } = await resetApiKey(old, configFileKey(app).read);
    expect(apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(apiKey).toBe(app.apiKey());
    expect(await next.acceptsKey()).toBe(true);
    expect(await old.acceptsKey()).toBe(false);
  });

  it("says so when an environment variable pins the key", async () => {
    const pinned = randomApiKey();
    const app = await standIn(kind, { env: { [`${kind.toUpperCase()}__AUTH__APIKEY`]: pinned } });
    await expect(applyApiKey(client(app), randomApiKey(), configFileKey(app).write)).rejects.toThrow(
      ApiKeyNotAppliedError,
    );
  });

  it("reports a stopped app as unreachable", async () => {
    const app = await standIn(kind);
    const servarr = client(app);
    await app.close();
    const error = await servarr.systemStatus().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServarrUnreachableError);
    expect((error as ServarrUnreachableError).code).toBe("ECONNREFUSED");
  });
});

describe.each([
  "radarr",
  "sonarr",
] as const)("%s download clients and root folders through the client", (kind) => {
  it("adds, compares, updates, tests and deletes a qBittorrent client", async () => {
    const credentials = { username: "charmarr", password: "first-password" };
    const qbit = await fakeQbittorrent(credentials);
    const app = await standIn(kind);
    const radarr = manager(app);
    const desired = qbittorrentDownloadClient(kind, {
      name: "qbittorrent",
      host: qbit.host,
      port: qbit.port,
      username: "charmarr",
      password: "first-password",
      category: kind,
    });
    const added = await radarr.downloadClients.add(desired);
    expect(added).toMatchObject({ id: 1, name: "qbittorrent", protocol: "torrent", enable: true });
    expect(fieldValue(added, "password")).toBe(MASKED_VALUE);
    const [listed] = await radarr.downloadClients.list();
    expect(listed && compareProvider(listed, desired)).toEqual({ differs: [], masked: ["password"] });

    // The password rotates in qBittorrent: the stored one now fails the app's test; the new one saves.
    credentials.password = "second-password";
    const stale = await radarr.downloadClients.test(listed as typeof added);
    expect(stale).toEqual({
      valid: false,
      failures: [
        {
          propertyName: "Username",
          errorMessage: "Authentication failure",
          severity: "error",
          isWarning: false,
        },
      ],
    });
    const rotated = withFieldValues(desired, { password: "second-password" });
    const updated = await radarr.downloadClients.update({ ...rotated, id: added.id, priority: 3 });
    expect(updated.priority).toBe(3);
    expect(await radarr.downloadClients.test(updated)).toEqual({ valid: true });

    const error = (await radarr.downloadClients
      .add(withFieldValues({ ...desired, name: "other" }, { password: "nope-secret" }))
      .catch((e: unknown) => e)) as ServarrHttpError;
    expect(error).toBeInstanceOf(ServarrHttpError);
    expect(error.status).toBe(400);
    expect(error.failures).toEqual([expect.objectContaining({ propertyName: "Username" })]);
    expect(error.message).not.toContain("nope-secret");

    await radarr.downloadClients.delete(added.id);
    expect(await radarr.downloadClients.list()).toEqual([]);
  });

  it("adds, lists and removes a root folder; a missing path is a Path failure", async () => {
    const app = await standIn(kind);
    const radarr = manager(app);
    const media = tempDir("media-");
    const folder = await radarr.rootFolders.add(media);
    expect(folder).toMatchObject({ path: media, accessible: true });
    // Free space is read live from the filesystem: other processes move it between two calls.
    expect(await radarr.rootFolders.list()).toEqual([{ ...folder, freeSpace: expect.any(Number) }]);
    const error = (await radarr.rootFolders
      .add(`${media}/absent`)
      .catch((e: unknown) => e)) as ServarrHttpError;
    expect(error.failures).toEqual([expect.objectContaining({ propertyName: "Path" })]);
    await radarr.rootFolders.remove(folder.id);
    expect(await radarr.rootFolders.list()).toEqual([]);
  });
});

describe("Prowlarr applications through the client", () => {
  it("registers a manager, sees its stale key after the manager rotates, and updates it", async () => {
    const prowlarrApp = await standIn("prowlarr");
    const radarrApp = await standIn("radarr");
    const prowlarr = new ProwlarrClient({ url: prowlarrApp.url, apiKey: prowlarrApp.apiKey() });
    const radarr = manager(radarrApp);
    const desired = prowlarrApplication("radarr", {
      name: "radarr",
      prowlarrUrl: prowlarrApp.url,
      baseUrl: radarrApp.url,
      apiKey: radarrApp.apiKey(),
    });
    const added = await prowlarr.applications.add(desired);
    expect(added).toMatchObject({ syncLevel: "fullSync", enable: true });
    expect(compareProvider(added, desired)).toEqual({ differs: [], masked: ["apiKey"] });

    const rotated = await applyApiKey(radarr, randomApiKey(), configFileKey(radarrApp).write);
    const stale = await prowlarr.applications.test({ ...(await prowlarr.applications.get(added.id)) });
    expect(stale).toEqual({
      valid: false,
      failures: [expect.objectContaining({ propertyName: "ApiKey", errorMessage: "API Key is invalid" })],
    });
    const refreshed = await prowlarr.applications.update({
      ...withFieldValues(desired, { apiKey: radarrApp.apiKey() }),
      id: added.id,
    });
    expect(refreshed.id).toBe(added.id);
    expect(await prowlarr.applications.test(refreshed)).toEqual({ valid: true });
    expect(await rotated.acceptsKey()).toBe(true);

    const command = await prowlarr.syncApplications();
    expect(command).toMatchObject({ name: "ApplicationIndexerSync", status: "queued" });
    await prowlarr.applications.delete(added.id);
    expect(await prowlarr.applications.list()).toEqual([]);
  });
});
