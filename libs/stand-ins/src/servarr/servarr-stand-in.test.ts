import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SERVARR_KINDS, SERVARR_PROFILES } from "./servarr-kind";
import { startServarrStandIn } from "./servarr-server";
import { call, cleanUp, standIn, tempDir } from "./test-support";

// What every Servarr stand-in does alike, against each of them: config.xml, authentication,
// URL base, system status, host config and live key rotation (specs/app-apis.md §a–c, §f).

afterEach(cleanUp);

const keyIn = (file: string) => /<ApiKey>([^<]*)<\/ApiKey>/.exec(readFileSync(file, "utf8"))?.[1];

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(SERVARR_KINDS)("%s stand-in", (kind) => {
  const profile = SERVARR_PROFILES[kind];
  const api = profile.apiRoot;

  describe("config.xml", () => {
    it("generates one with a fresh key when missing, as the app does, and uses that key", async () => {
      const app = await standIn(kind);
      const key = keyIn(app.configFile);
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      expect(app.apiKey()).toBe(key);
      expect(readFileSync(app.configFile, "utf8")).toContain(`<Port>${profile.defaultPort}</Port>`);
      expect((await call(app.url, "GET", `${api}/system/status`, { key })).status).toBe(200);
    });

    it("reads an existing one: its key, Port, BindAddress and UrlBase", async () => {
      const dataDir = tempDir();
      const key = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
      writeFileSync(
        join(dataDir, "config.xml"),
        `<Config>\n  <Port>0</Port>\n  <BindAddress>127.0.0.1</BindAddress>\n  <ApiKey>${key}</ApiKey>\n  <UrlBase>/${kind}/</UrlBase>\n</Config>`,
      );
      const app = await startServarrStandIn({ kind, dataDir });
      try {
        expect(app.url).toBe(`http://127.0.0.1:${app.port}/${kind}`);
        expect(app.address).toBe("127.0.0.1");
        const status = await call(app.url, "GET", `${api}/system/status`, { key });
        expect(status.status).toBe(200);
        expect(status.json).toMatchObject({ appName: profile.appName, urlBase: `/${kind}` });
      } finally {
        await app.close();
      }
    });

    it("refuses to start on a broken file", async () => {
      const dataDir = tempDir();
      writeFileSync(join(dataDir, "config.xml"), "<Config><Port>1</Port>");
      await expect(startServarrStandIn({ kind, dataDir, port: 0 })).rejects.toThrow("is corrupt or invalid");
    });
  });

  describe("authentication", () => {
    it("answers /ping without a key, and ignores a wrong one there", async () => {
      const app = await standIn(kind);
      const ping = await call(app.url, "GET", "/ping");
      expect(ping.status).toBe(200);
      expect(ping.json).toEqual({ status: "OK" });
      expect((await call(app.url, "GET", "/ping?apikey=wrong")).status).toBe(200);
      expect((await call(app.url, "HEAD", "/ping")).status).toBe(200);
    });

    it("refuses a missing or wrong key with a bare 401: no body, no version header", async () => {
      const app = await standIn(kind);
      for (const options of [{}, { key: "wrong" }, { key: app.apiKey().toUpperCase() }]) {
        const refused = await call(app.url, "GET", `${api}/system/status`, options);
        expect(refused.status).toBe(401);
        expect(refused.text).toBe("");
        expect(refused.headers.get("x-application-version")).toBeNull();
        expect(refused.headers.get("www-authenticate")).toBeNull();
      }
    });

    it("takes the apikey query parameter first, then X-Api-Key, then Authorization: Bearer", async () => {
      const app = await standIn(kind);
      const key = app.apiKey();
      expect((await call(app.url, "GET", `${api}/system/status?apikey=${key}`)).status).toBe(200);
      expect(
        (await call(app.url, "GET", `${api}/system/status?APIKEY=${key}`, { key: "wrong" })).status,
      ).toBe(200);
      // A present query parameter wins even when it is wrong and the header is right.
      expect((await call(app.url, "GET", `${api}/system/status?apikey=wrong`, { key })).status).toBe(401);
      expect((await call(app.url, "GET", `${api}/system/status?apikey=`, { key })).status).toBe(401);
      const bearer = await call(app.url, "GET", `${api}/system/status`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(bearer.status).toBe(200);
    });

    it("guards /api and unknown API paths too: 401 without the key, 404 with it", async () => {
      const app = await standIn(kind);
      const key = app.apiKey();
      expect((await call(app.url, "GET", "/api")).status).toBe(401);
      const root = await call(app.url, "GET", "/api", { key });
      expect(root.json).toEqual({ current: api.slice(5), deprecated: [] });
      expect((await call(app.url, "GET", `${api}/nothing-here`)).status).toBe(401);
      const unknown = await call(app.url, "GET", `${api}/nothing-here`, { key });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get("x-application-version")).toBe(profile.version);
    });

    it("sends X-Application-Version on authenticated API answers", async () => {
      const app = await standIn(kind);
      const status = await call(app.url, "GET", `${api}/system/status`, { key: app.apiKey() });
      expect(status.headers.get("x-application-version")).toBe(profile.version);
    });

    it("serves the UI and initialize.json (with the key) to anyone under authentication None", async () => {
      const app = await standIn(kind);
      const init = await call(app.url, "GET", "/initialize.json");
      expect(init.status).toBe(200);
      expect(init.json).toMatchObject({ apiKey: app.apiKey(), apiRoot: api, urlBase: "" });
      expect((await call(app.url, "GET", "/")).status).toBe(200);
    });

    it("sends the UI to the login page under Forms", async () => {
      const dataDir = tempDir();
      writeFileSync(
        join(dataDir, "config.xml"),
        "<Config><AuthenticationMethod>Forms</AuthenticationMethod></Config>",
      );
      const app = await standIn(kind, { dataDir });
      const init = await call(app.url, "GET", "/initialize.json");
      expect(init.status).toBe(302);
      expect(init.headers.get("location")).toBe("/login?returnUrl=%2Finitialize.json");
      // The API does not care: it takes the key.
      expect((await call(app.url, "GET", `${api}/system/status`, { key: app.apiKey() })).status).toBe(200);
    });
  });

  describe("URL base", () => {
    it("serves below it, and redirects (307) requests without it, after authentication", async () => {
      const dataDir = tempDir();
      writeFileSync(join(dataDir, "config.xml"), `<Config><UrlBase>${kind}</UrlBase></Config>`);
      const app = await standIn(kind, { dataDir });
      const origin = new URL(app.url).origin;
      const key = app.apiKey();
      expect(app.url).toBe(`${origin}/${kind}`);
      expect((await call(app.url, "GET", "/ping")).status).toBe(200);
      expect((await call(app.url, "GET", `${api}/system/status`, { key })).status).toBe(200);
      expect((await call(origin, "GET", `${api}/system/status`)).status).toBe(401);
      const redirect = await call(origin, "GET", `${api}/system/status?x=1`, { key });
      expect(redirect.status).toBe(307);
      expect(redirect.headers.get("location")).toBe(`/${kind}${api}/system/status?x=1`);
    });
  });

  describe("system status", () => {
    it("has the documented fields", async () => {
      const app = await standIn(kind);
      const status = (await call(app.url, "GET", `${api}/system/status`, { key: app.apiKey() })).json;
      expect(status).toMatchObject({
        appName: profile.appName,
        instanceName: profile.appName,
        version: profile.version,
        isLinux: true,
        isDocker: true,
        mode: "console",
        branch: profile.branch,
        databaseType: "sqLite",
        authentication: "none",
        urlBase: "",
        runtimeName: "netcore",
      });
      for (const field of [
        "buildTime",
        "startTime",
        "appData",
        "osName",
        "packageVersion",
        "migrationVersion",
      ]) {
        expect(status).toHaveProperty(field);
      }
    });
  });

  describe("host config", () => {
    it("shows the live settings, the key in clear", async () => {
      const app = await standIn(kind);
      const host = await call(app.url, "GET", `${api}/config/host`, { key: app.apiKey() });
      expect(host.status).toBe(200);
      expect(host.json).toMatchObject({
        id: 1,
        bindAddress: "*",
        port: profile.defaultPort,
        authenticationMethod: "none",
        authenticationRequired: "enabled",
        apiKey: app.apiKey(),
        urlBase: "",
        instanceName: profile.appName,
        backupInterval: 7,
        certificateValidation: "enabled",
      });
      expect(Object.hasOwn(host.json as object, "historyCleanupDays")).toBe(kind === "prowlarr");
      expect((await call(app.url, "GET", `${api}/config/host/1`, { key: app.apiKey() })).json).toEqual(
        host.json,
      );
    });

    it("saves a whole resource (202) and writes changed settings to config.xml, but never the key", async () => {
      const app = await standIn(kind);
      const key = app.apiKey();
      const host = (await call(app.url, "GET", `${api}/config/host`, { key })).json as Record<
        string,
        unknown
      >;
      const saved = await call(app.url, "PUT", `${api}/config/host/1`, {
        key,
        body: { ...host, apiKey: "b".repeat(32), urlBase: "/new", authenticationMethod: "external" },
      });
      expect(saved.status).toBe(202);
      expect(saved.json).toMatchObject({ apiKey: key, urlBase: "/new", authenticationMethod: "external" });
      const file = readFileSync(app.configFile, "utf8");
      expect(file).toContain("<UrlBase>/new</UrlBase>");
      expect(file).toContain("<AuthenticationMethod>External</AuthenticationMethod>");
      expect(keyIn(app.configFile)).toBe(key);
      expect((await call(app.url, "GET", `${api}/system/status`, { key })).status).toBe(200);
    });

    it("refuses a partial resource (500) and invalid settings (400 array)", async () => {
      const app = await standIn(kind);
      const key = app.apiKey();
      const host = (await call(app.url, "GET", `${api}/config/host`, { key })).json as Record<
        string,
        unknown
      >;
      const partial = await call(app.url, "PUT", `${api}/config/host/1`, { key, body: { id: 1, port: 1 } });
      expect(partial.status).toBe(500);
      const bad = await call(app.url, "PUT", `${api}/config/host/1`, {
        key,
        body: { ...host, port: 0, bindAddress: "everywhere", authenticationMethod: "forms", username: "" },
      });
      expect(bad.status).toBe(400);
      expect((bad.json as { propertyName: string }[]).map((f) => f.propertyName)).toEqual([
        "Port",
        "BindAddress",
        "Username",
        "Password",
      ]);
      expect(bad.json).toContainEqual(
        expect.objectContaining({
          severity: "error",
          isWarning: false,
          errorMessage: "Must be a valid Port",
        }),
      );
    });
  });

  describe("live API key rotation", () => {
    it("ResetApiKey: 201 command; then the old key gets 401, the new one is in config.xml and works", async () => {
      const app = await standIn(kind);
      const old = app.apiKey();
      const queued = await call(app.url, "POST", `${api}/command`, {
        key: old,
        body: { name: "ResetApiKey" },
      });
      expect(queued.status).toBe(201);
      expect(queued.json).toMatchObject({
        name: "ResetApiKey",
        commandName: "Reset Api Key",
        status: "queued",
      });
      await until(async () =>
        (await call(app.url, "GET", `${api}/system/status`, { key: old })).status === 401 ? true : undefined,
      );
      const next = keyIn(app.configFile) as string;
      expect(next).toMatch(/^[0-9a-f]{32}$/);
      expect(next).not.toBe(old);
      expect(app.apiKey()).toBe(next);
      const done = await call(app.url, "GET", `${api}/command/${(queued.json as { id: number }).id}`, {
        key: next,
      });
      expect(done.json).toMatchObject({ status: "completed", message: "Completed" });
      expect((await call(app.url, "GET", `${api}/config/host`, { key: next })).json).toMatchObject({
        apiKey: next,
      });
    });

    it("a chosen key: written into config.xml, it becomes live with a host-config save using the old key", async () => {
      const app = await standIn(kind);
      const old = app.apiKey();
      const host = (await call(app.url, "GET", `${api}/config/host`, { key: old })).json;
      const chosen = "c0ffee00c0ffee00c0ffee00c0ffee00";
      writeFileSync(app.configFile, readFileSync(app.configFile, "utf8").replace(old, chosen));
      // Before the save the app still uses its cached key.
      expect((await call(app.url, "GET", `${api}/system/status`, { key: old })).status).toBe(200);
      const saved = await call(app.url, "PUT", `${api}/config/host/1`, { key: old, body: host });
      expect(saved.json).toMatchObject({ apiKey: chosen });
      expect((await call(app.url, "GET", `${api}/system/status`, { key: old })).status).toBe(401);
      expect((await call(app.url, "GET", `${api}/system/status`, { key: chosen })).status).toBe(200);
    });

    it("an environment key pins the live key: a reset only rewrites the file", async () => {
      const pinned = "f".repeat(32);
      const app = await standIn(kind, { env: { [`${profile.envPrefix}__AUTH__APIKEY`]: pinned } });
      expect(app.apiKey()).toBe(pinned);
      const fileKey = keyIn(app.configFile);
      await call(app.url, "POST", `${api}/command`, { key: pinned, body: { name: "ResetApiKey" } });
      await app.settled();
      expect(keyIn(app.configFile)).not.toBe(fileKey);
      expect((await call(app.url, "GET", `${api}/system/status`, { key: pinned })).status).toBe(200);
    });

    it("refuses an unknown command", async () => {
      const app = await standIn(kind);
      const answer = await call(app.url, "POST", `${api}/command`, {
        key: app.apiKey(),
        body: { name: "Nope" },
      });
      expect(answer.status).toBe(400);
    });
  });

  describe("health", () => {
    it("warns about a short key", async () => {
      const dataDir = tempDir();
      writeFileSync(join(dataDir, "config.xml"), "<Config><ApiKey>short</ApiKey></Config>");
      const app = await standIn(kind, { dataDir });
      const health = await call(app.url, "GET", `${api}/health`, { key: "short" });
      expect(health.json).toEqual([
        expect.objectContaining({ source: "ApiKeyValidationCheck", type: "error" }),
      ]);
    });
  });
});
