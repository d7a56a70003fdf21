// SABnzbd on the real app with media managers related: the API key secret granted and used, a
// category per manager in the app, relation removal, the host whitelist, bad config.
import { hostname } from "node:os";
import type { TestModel } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  consumerRefusals,
  consumerViews,
} from "../../../libs/app-charm/src/downloader/test-charms/download-consumer-charm";
import { failedHooks } from "../../../libs/app-charm/src/downloader/test-charms/downloader-model";
import {
  app,
  ini,
  MINUTE,
  type Packed,
  packSabnzbd,
  sabnzbdStack,
  secretKey,
  starts,
  statusWithHost,
  UNIT,
} from "./sabnzbd-stack";

let packed: Packed;
let m: TestModel | undefined;

beforeAll(async () => {
  packed = await packSabnzbd();
}, 180_000);
afterAll(() => packed?.close());
afterEach(async () => {
  await m?.close();
  m = undefined;
  consumerViews.clear();
  consumerRefusals.clear();
});

describe("SABnzbd download-client", () => {
  it("publishes its URL and API key secret, grants it to each manager, makes their categories", async () => {
    const stack = await sabnzbdStack(packed);
    m = stack.m;
    expect(failedHooks(m.hookLog)).toEqual([]);
    for (const unit of [UNIT, "radarr/0", "sonarr/0"]) expect(m.unitStatus(unit).status).toBe("active");

    const secret = m.secret("api-key", { owner: "sabnzbd" })!;
    expect(secret.description).toBe("SABnzbd API key");
    expect(secret.rotatePolicy).toBe("monthly");
    expect(secret.grants.map((g) => g.app).sort()).toEqual(["radarr", "sonarr"]);
    const key = secretKey(m);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(stack.relations)).toHaveLength(2);
    for (const id of Object.values(stack.relations)) {
      expect(m.databag(id, "sabnzbd")).toEqual({
        "api-url": stack.url,
        client: "sabnzbd",
        "instance-name": "sabnzbd",
        "api-key-secret-id": secret.id,
      });
    }
    for (const unit of ["radarr/0", "sonarr/0"]) {
      expect(consumerViews.get(unit)).toMatchObject({
        accepted: true,
        credential: { "api-key": key },
        apiUrl: stack.url,
      });
    }
    expect([...consumerRefusals.values()]).toEqual([]);

    const sab = app(stack.url, key);
    expect(await sab.acceptsKey()).toBe(true);
    const categories = (await sab.categories()).filter((c) => c.name !== "*");
    expect(categories.map((c) => [c.name, c.dir])).toEqual([
      ["radarr", "movies"],
      ["sonarr", "tv"],
    ]);
    expect(await sab.misc()).toMatchObject({
      host: stack.address,
      port: "8080",
      complete_dir: "/downloads",
      download_dir: "/downloads/incomplete",
      inet_exposure: 0,
    });
    const file = await ini(m);
    expect(file.mode).toBe(0o600);
    expect(file.ini.settings).toMatchObject({
      apiKey: key,
      host: stack.address,
      port: 8080,
      fixedPorts: true,
      checkNewRelease: false,
      selftestHost: "",
      hostWhitelist: [hostname().toLowerCase()],
    });

    // A steady-state hook changes nothing: no restart, no relation-set.
    const started = await starts(m);
    expect(started).toBe(1);
    m.advance(6 * MINUTE);
    const ran = await m.settle();
    expect(ran.map((h) => `${h.unit} ${h.hook}`)).toContain(`${UNIT} update-status`);
    expect(failedHooks(ran)).toEqual([]);
    expect(await starts(m)).toBe(started);
    expect(ran.find((h) => h.unit === UNIT)?.toolCalls.map((c) => c.tool)).not.toContain("relation-set");
  });

  it("a manager whose relation is removed loses its grant and its data; its category stays", async () => {
    const stack = await sabnzbdStack(packed);
    m = stack.m;
    const secret = () => m!.secret("api-key", { owner: "sabnzbd" })!;
    m.removeRelation(stack.relations.radarr!);
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(secret().grants.map((g) => g.app)).toEqual(["sonarr"]);
    const probe = await m.readSecretAs("radarr/0", secret().id);
    expect(probe.exitCode).toBe(1);
    expect(probe.stderr).toContain("permission denied");
    expect(consumerViews.has("radarr/0")).toBe(false);
    expect(m.unitStatus(UNIT).status).toBe("active");
    const names = (await app(stack.url, secretKey(m)).categories()).map((c) => c.name);
    expect(names).toContain("radarr");

    m.integrate("radarr:download-client", "sabnzbd:download-client");
    await m.settle();
    expect(
      secret()
        .grants.map((g) => g.app)
        .sort(),
    ).toEqual(["radarr", "sonarr"]);
    expect(consumerViews.get("radarr/0")).toMatchObject({ accepted: true });
    expect(failedHooks(m.hookLog)).toEqual([]);
  });

  it("answers to the names in host-whitelist, and to no other", async () => {
    const stack = await sabnzbdStack(packed, { radarr: "radarr" });
    m = stack.m;
    expect(await statusWithHost(stack.url, "sab.example.com")).toBe(403);
    m.config("sabnzbd", { "host-whitelist": "sab.example.com, SAB.internal" });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus(UNIT).status).toBe("active");
    expect(await statusWithHost(stack.url, "sab.example.com")).toBe(200);
    expect(await statusWithHost(stack.url, "sab.internal:8080")).toBe(200);
    expect(await statusWithHost(stack.url, "other.example.com")).toBe(403);
    // What SABnzbd saved reads back as what the charm wants: no restart in the next hooks.
    const started = await starts(m);
    m.advance(6 * MINUTE);
    await m.settle();
    expect(await starts(m)).toBe(started);
    // The managers use the IP URL and the same key throughout.
    expect(consumerViews.get("radarr/0")).toMatchObject({
      accepted: true,
      credential: { "api-key": secretKey(m) },
    });
  });

  it("blocks bad config values, naming them, and changes nothing", async () => {
    const stack = await sabnzbdStack(packed, { radarr: "radarr" });
    m = stack.m;
    const before = (await ini(m)).ini.settings;
    const started = await starts(m);
    const cases: [Record<string, unknown>, string][] = [
      [{ "download-dir": "downloads" }, 'download-dir="downloads"'],
      [{ "download-dir": "/" }, 'download-dir="/"'],
      [{ "host-whitelist": "sab example.com" }, 'host-whitelist="sab example.com"'],
      [{ timezone: "Europe/Pariss" }, 'timezone="Europe/Pariss"'],
      [{ "rotation-interval": "biweekly" }, 'rotation-interval="biweekly"'],
    ];
    for (const [values, named] of cases) {
      m.config("sabnzbd", values);
      await m.settle();
      const status = m.unitStatus(UNIT);
      expect(status.status).toBe("blocked");
      expect(status.message).toContain(named);
      expect((await ini(m)).ini.settings).toEqual(before);
      expect(m.secret("api-key", { owner: "sabnzbd" })!.rotatePolicy).toBe("monthly");
      m.config("sabnzbd", Object.fromEntries(Object.keys(values).map((k) => [k, null])));
    }
    await m.settle();
    expect(m.unitStatus(UNIT).status).toBe("active");
    expect(await starts(m)).toBe(started);
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(await app(stack.url, secretKey(m)).acceptsKey()).toBe(true);
  });

  it("moves the download folders and the categories with download-dir", async () => {
    const stack = await sabnzbdStack(packed);
    m = stack.m;
    m.config("sabnzbd", { "download-dir": "/data/usenet/" });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    const sab = app(stack.url, secretKey(m));
    expect(await sab.misc()).toMatchObject({
      complete_dir: "/data/usenet",
      download_dir: "/data/usenet/incomplete",
    });
    const started = await starts(m);
    m.advance(6 * MINUTE);
    await m.settle();
    expect(await starts(m)).toBe(started);
    // Category folders are relative to the complete folder: they move with it.
    const categories = (await sab.categories()).filter((c) => c.name !== "*");
    expect(categories.map((c) => [c.name, c.dir])).toEqual([
      ["radarr", "movies"],
      ["sonarr", "tv"],
    ]);
  });
});
