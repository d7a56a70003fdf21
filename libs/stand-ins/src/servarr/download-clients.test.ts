import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { call, cleanUp, fakeQbittorrent, fakeSabnzbd, standIn, tempDir } from "./test-support";

// Download clients and root folders of the Radarr and Sonarr stand-ins (specs/app-apis.md §d, §f),
// against minimal qBittorrent and SABnzbd servers the save-time test really calls.

afterEach(cleanUp);

const MANAGERS = [
  { kind: "radarr", category: "movieCategory", qbitDefault: "radarr", sabDefault: "movies" },
  { kind: "sonarr", category: "tvCategory", qbitDefault: "tv-sonarr", sabDefault: "tv" },
] as const;

interface Field {
  name: string;
  value?: unknown;
  privacy?: string;
  order?: number;
}

const fieldsOf = (resource: unknown) => (resource as { fields: Field[] }).fields;
const fieldValueOf = (resource: unknown, name: string) =>
  fieldsOf(resource).find((f) => f.name === name)?.value;

describe.each(MANAGERS)("$kind download clients", ({ kind, category, qbitDefault, sabDefault }) => {
  const qbitBody = (host: string, port: number, password: string, name = "qBittorrent") => ({
    name,
    implementation: "QBittorrent",
    configContract: "QBittorrentSettings",
    protocol: "torrent",
    enable: true,
    priority: 1,
    removeCompletedDownloads: true,
    removeFailedDownloads: true,
    tags: [],
    fields: [
      { name: "host", value: host },
      { name: "port", value: port },
      { name: "useSsl", value: false },
      { name: "urlBase", value: "" },
      { name: "username", value: "charmarr" },
      { name: "password", value: password },
      { name: category, value: kind },
    ],
  });

  it("adds a qBittorrent client after logging in to it (201), masks the password, creates the category", async () => {
    const qbit = await fakeQbittorrent({ username: "charmarr", password: "s3cret-password" });
    const app = await standIn(kind);
    const key = app.apiKey();
    const added = await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: qbitBody(qbit.host, qbit.port, "s3cret-password"),
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      id: 1,
      name: "qBittorrent",
      implementation: "QBittorrent",
      implementationName: "qBittorrent",
      configContract: "QBittorrentSettings",
      protocol: "torrent",
      enable: true,
      priority: 1,
      tags: [],
      infoLink: `https://wiki.servarr.com/${kind}/supported#qbittorrent`,
    });
    expect(qbit.logins).toEqual(["charmarr"]);
    expect([...qbit.categories]).toEqual([kind]);
    const password = fieldsOf(added.json).find((f) => f.name === "password");
    expect(password).toMatchObject({ value: "********", privacy: "password", type: "password" });
    expect(fieldsOf(added.json).find((f) => f.name === "username")).toMatchObject({
      value: "charmarr",
      privacy: "userName",
    });
    // Every field of the implementation, in order, defaults for those not sent.
    expect(fieldsOf(added.json).map((f) => f.order)).toEqual(fieldsOf(added.json).map((_f, i) => i));
    expect(fieldValueOf(added.json, "initialState")).toBe(0);
    expect(added.text).not.toContain("s3cret-password");

    const listed = await call(app.url, "GET", "/api/v3/downloadclient", { key });
    expect(listed.json).toEqual([added.json]);
    expect((await call(app.url, "GET", "/api/v3/downloadclient/1", { key })).json).toEqual(added.json);
  });

  it("refuses a wrong password with the app's 400 (Username: Authentication failure) unless forceSave", async () => {
    const qbit = await fakeQbittorrent({ username: "charmarr", password: "right" });
    const app = await standIn(kind);
    const key = app.apiKey();
    const refused = await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: qbitBody(qbit.host, qbit.port, "wrong"),
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual([
      {
        propertyName: "Username",
        errorMessage: "Authentication failure",
        severity: "error",
        isWarning: false,
      },
    ]);
    expect((await call(app.url, "GET", "/api/v3/downloadclient", { key })).json).toEqual([]);
    const forced = await call(app.url, "POST", "/api/v3/downloadclient?forceSave=true", {
      key,
      body: qbitBody(qbit.host, qbit.port, "wrong"),
    });
    expect(forced.status).toBe(201);
  });

  it("says when the downloader cannot be reached (Host)", async () => {
    const app = await standIn(kind);
    const refused = await call(app.url, "POST", "/api/v3/downloadclient", {
      key: app.apiKey(),
      body: qbitBody("127.0.0.1", 1, "x"),
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual([
      expect.objectContaining({ propertyName: "Host", errorMessage: "Unable to connect to qBittorrent" }),
    ]);
  });

  it("keeps the stored password when a PUT sends it masked, and tests again only on change", async () => {
    const qbit = await fakeQbittorrent({ username: "charmarr", password: "s3cret-password" });
    const app = await standIn(kind);
    const key = app.apiKey();
    const added = (
      await call(app.url, "POST", "/api/v3/downloadclient", {
        key,
        body: qbitBody(qbit.host, qbit.port, "s3cret-password"),
      })
    ).json as Record<string, unknown>;
    // GET → PUT unchanged: accepted without a new login (nothing changed).
    const same = await call(app.url, "PUT", "/api/v3/downloadclient/1", { key, body: added });
    expect(same.status).toBe(202);
    expect(qbit.logins).toHaveLength(1);
    // A real change with the password still masked: tested again with the stored password.
    const moved = { ...added, priority: 2 };
    const updated = await call(app.url, "PUT", "/api/v3/downloadclient/1", { key, body: moved });
    expect(updated.status).toBe(202);
    expect(updated.json).toMatchObject({ priority: 2 });
    expect(qbit.logins).toHaveLength(2);
    // A new, wrong password is tested and refused; the stored one stays.
    const wrong = {
      ...added,
      fields: fieldsOf(added).map((f) => (f.name === "password" ? { ...f, value: "nope" } : f)),
    };
    expect((await call(app.url, "PUT", "/api/v3/downloadclient/1", { key, body: wrong })).status).toBe(400);
    expect((await call(app.url, "PUT", "/api/v3/downloadclient/1", { key, body: moved })).status).toBe(202);
  });

  it("validates: unique names, priority 1–50, port, category form; a disabled client skips checks", async () => {
    const qbit = await fakeQbittorrent({ username: "charmarr", password: "pw" });
    const app = await standIn(kind);
    const key = app.apiKey();
    await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: qbitBody(qbit.host, qbit.port, "pw"),
    });
    const duplicate = await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: { ...qbitBody(qbit.host, qbit.port, "pw", "QBITTORRENT"), priority: 99 },
    });
    expect(duplicate.status).toBe(400);
    expect((duplicate.json as { propertyName: string }[]).map((f) => f.propertyName)).toEqual([
      "Priority",
      "Name",
    ]);
    const badSettings = qbitBody(qbit.host, 0, "pw", "other");
    badSettings.fields.push({ name: category, value: "/leading" });
    const invalid = await call(app.url, "POST", "/api/v3/downloadclient", { key, body: badSettings });
    expect((invalid.json as { propertyName: string }[]).map((f) => f.propertyName)).toEqual([
      "Port",
      category.charAt(0).toUpperCase() + category.slice(1),
    ]);
    const disabled = await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: { ...badSettings, enable: false },
    });
    expect(disabled.status).toBe(201);
  });

  it("adds SABnzbd with its key masked; a wrong key or a missing category is refused", async () => {
    const sab = await fakeSabnzbd("0123456789abcdef0123456789abcdef", [kind]);
    const app = await standIn(kind);
    const key = app.apiKey();
    const body = (apiKey: string, sabCategory: string) => ({
      name: "SABnzbd",
      implementation: "Sabnzbd",
      configContract: "SabnzbdSettings",
      protocol: "usenet",
      enable: true,
      priority: 1,
      fields: [
        { name: "host", value: sab.host },
        { name: "port", value: sab.port },
        { name: "apiKey", value: apiKey },
        { name: category, value: sabCategory },
      ],
    });
    const wrongKey = await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: body("f".repeat(32), kind),
    });
    expect(wrongKey.json).toEqual([
      expect.objectContaining({ propertyName: "APIKey", errorMessage: "API Key Incorrect" }),
    ]);
    const noCategory = await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: body("0123456789abcdef0123456789abcdef", "absent"),
    });
    expect(noCategory.json).toEqual([expect.objectContaining({ errorMessage: "Category does not exist" })]);
    const added = await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: body("0123456789abcdef0123456789abcdef", kind),
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ protocol: "usenet", implementationName: "SABnzbd" });
    expect(fieldsOf(added.json).find((f) => f.name === "apiKey")).toMatchObject({
      value: "********",
      privacy: "apiKey",
    });
    expect(added.text).not.toContain("0123456789abcdef0123456789abcdef");
  });

  it("serves the schema with each implementation's defaults", async () => {
    const app = await standIn(kind);
    const schema = (await call(app.url, "GET", "/api/v3/downloadclient/schema", { key: app.apiKey() }))
      .json as unknown[];
    expect(schema.map((s) => (s as { implementation: string }).implementation)).toEqual([
      "QBittorrent",
      "Sabnzbd",
    ]);
    expect(fieldValueOf(schema[0], category)).toBe(qbitDefault);
    expect(fieldValueOf(schema[1], category)).toBe(sabDefault);
    expect(fieldValueOf(schema[1], `recent${kind === "radarr" ? "Movie" : "Tv"}Priority`)).toBe(-100);
  });

  it("tests without saving, and deletes", async () => {
    const qbit = await fakeQbittorrent({ username: "charmarr", password: "pw" });
    const app = await standIn(kind);
    const key = app.apiKey();
    const good = await call(app.url, "POST", "/api/v3/downloadclient/test", {
      key,
      body: qbitBody(qbit.host, qbit.port, "pw"),
    });
    expect(good.status).toBe(200);
    const bad = await call(app.url, "POST", "/api/v3/downloadclient/test", {
      key,
      body: qbitBody(qbit.host, qbit.port, "no"),
    });
    expect(bad.status).toBe(400);
    expect((await call(app.url, "GET", "/api/v3/downloadclient", { key })).json).toEqual([]);
    await call(app.url, "POST", "/api/v3/downloadclient", {
      key,
      body: qbitBody(qbit.host, qbit.port, "pw"),
    });
    const deleted = await call(app.url, "DELETE", "/api/v3/downloadclient/1", { key });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({});
    expect((await call(app.url, "GET", "/api/v3/downloadclient/1", { key })).status).toBe(404);
    expect((await call(app.url, "DELETE", "/api/v3/downloadclient/1", { key })).status).toBe(404);
  });
});

describe.each(["radarr", "sonarr"] as const)("%s root folders", (kind) => {
  it("adds an existing, writable folder (201) and lists it with space and unmapped folders", async () => {
    const app = await standIn(kind);
    const key = app.apiKey();
    const media = tempDir("media-");
    mkdirSync(join(media, "Some Title (2020)"));
    const added = await call(app.url, "POST", "/api/v3/rootfolder", { key, body: { path: `${media}/` } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      id: 1,
      path: media,
      accessible: true,
      unmappedFolders: [
        {
          name: "Some Title (2020)",
          path: join(media, "Some Title (2020)"),
          relativePath: "Some Title (2020)",
        },
      ],
    });
    expect(typeof (added.json as { freeSpace: unknown }).freeSpace).toBe("number");
    expect(Object.hasOwn(added.json as object, "totalSpace")).toBe(kind === "sonarr");
    // Free space is read anew on every GET, and other processes write to the same disk.
    const { freeSpace: _free, ...stable } = added.json as Record<string, unknown>;
    expect((await call(app.url, "GET", "/api/v3/rootfolder", { key })).json).toEqual([
      { ...stable, freeSpace: expect.any(Number) },
    ]);
  });

  it("refuses a missing, relative or duplicate path with a Path failure", async () => {
    const app = await standIn(kind);
    const key = app.apiKey();
    const media = tempDir("media-");
    const messages = async (path: string) =>
      (
        (await call(app.url, "POST", "/api/v3/rootfolder", { key, body: { path } })).json as {
          errorMessage: string;
        }[]
      ).map((f) => f.errorMessage);
    expect(await messages(join(media, "absent"))).toEqual([`Path '${join(media, "absent")}' does not exist`]);
    expect(await messages("relative/path")).toEqual(["Invalid Path: 'relative/path'"]);
    await call(app.url, "POST", "/api/v3/rootfolder", { key, body: { path: media } });
    expect(await messages(media)).toEqual([`Path '${media}' is already configured as a root folder`]);
    expect((await call(app.url, "DELETE", "/api/v3/rootfolder/1", { key })).status).toBe(200);
    expect((await call(app.url, "GET", "/api/v3/rootfolder", { key })).json).toEqual([]);
  });
});
