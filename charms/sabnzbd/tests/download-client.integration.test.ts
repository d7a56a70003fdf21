// SABnzbd on the real app with media managers related: the API key secret granted and used, a
// category per manager in the app, relation removal, the host whitelist, bad config.
import { hostname } from "node:os";
import { join } from "node:path";
import {
  badConfigChangesNothing,
  consumerViews,
  downloaderTestFile,
  expectNoRestartInNextHooks,
  expectServingBothManagers,
  failedHooks,
  relationRemovedAndRestored,
  steadyStateRound,
} from "@charmarr/app-charm/testing";
import { PGID, PUID } from "@charmarr/media-storage-charm/testing";
import { PebbleClient } from "@charmarr/pebble";
import { type TestModel, toolsAfterAgentRestart } from "@charmarr/testing";
import { describe, expect, it } from "vitest";
import {
  app,
  ini,
  SABNZBD,
  SABNZBD_CHARM,
  secretKey,
  starts,
  statusWithHost,
  UNIT,
} from "../testing/sabnzbd-stack";

const file = downloaderTestFile(SABNZBD_CHARM);

/** The Pebble of SABnzbd's container in the unit's pod. */
function podPebble(m: TestModel): PebbleClient {
  const pod = m.agents.pods().get(UNIT)?.containerSocketDirs.sabnzbd;
  if (!pod) throw new Error("sabnzbd/0 has no pod");
  return new PebbleClient(join(pod, "pebble.socket"));
}

describe("SABnzbd download-client", () => {
  it("publishes its URL and API key secret, grants it to each manager, makes their categories", async () => {
    const stack = await file.stack();
    const { m } = stack;
    const key = secretKey(m);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expectServingBothManagers(stack, SABNZBD, "SABnzbd API key", { "api-key": key });

    const sab = app(stack.url, key);
    expect(await sab.acceptsKey()).toBe(true);
    const categories = (await sab.categories()).filter((c) => c.name !== "*");
    expect(categories.map((c) => [c.name, c.dir])).toEqual([
      ["radarr", "movies"],
      ["sonarr", "tv"],
    ]);
    expect(await sab.misc()).toMatchObject({
      host: "0.0.0.0", // every address of the pod; the test reaches it at the pod IP
      port: "8080",
      complete_dir: "/data/usenet/complete",
      download_dir: "/data/usenet/incomplete",
      permissions: "775",
      inet_exposure: 0,
    });
    const saved = await ini(m);
    expect(saved.mode).toBe(0o600);
    expect(saved.ini.settings).toMatchObject({
      apiKey: key,
      host: "0.0.0.0",
      port: 8080,
      fixedPorts: true,
      checkNewRelease: false,
      selftestHost: "",
      hostWhitelist: [hostname().toLowerCase()],
    });

    // A steady-state hook changes nothing: no restart, no relation-set.
    const started = await starts(m);
    expect(started).toBe(1);
    await steadyStateRound(m, SABNZBD);
    expect(await starts(m)).toBe(started);

    // The media tree is checked (a write probe as PUID:PGID) by every full hook, and left alone
    // by a steady hook (an update-status, a config-changed that changed nothing): a download
    // folder taken from the stack shows at the next event.
    const pebble = podPebble(m);
    await pebble.execOrThrow(["chown", "0:0", "/data/usenet"]);
    await pebble.execOrThrow(["chmod", "0755", "/data/usenet"]);
    await steadyStateRound(m, SABNZBD);
    expect(m.unitStatus(UNIT).status).toBe("active");
    m.restartAgent(UNIT); // config-changed, nothing changed: steady too
    await m.settle();
    expect(m.unitStatus(UNIT).status).toBe("active");
    m.config("sabnzbd", { timezone: "Europe/Paris" }); // a new value: a full hook
    await m.settle();
    expect(m.unitStatus(UNIT)).toMatchObject({
      status: "blocked",
      message: expect.stringContaining(`/data/usenet is not writable as ${PUID}:${PGID}`),
    });
    await pebble.execOrThrow(["chown", `${PUID}:${PGID}`, "/data/usenet"]);
    await pebble.execOrThrow(["chmod", "0775", "/data/usenet"]);
    m.restartAgent(UNIT);
    await m.settle();
    expect(m.unitStatus(UNIT).status).toBe("active");
  });

  it("a steady update-status checks the app and sabnzbd.ini only, and still repairs drift", async () => {
    const stack = await file.stack();
    const { m } = stack;
    const key = secretKey(m);
    const started = await starts(m);

    // Four hook tools: leadership, config, the status it keeps, the app's address; sabnzbd.ini and
    // the config are as the last full hook left them (steadyApp), so no secret is read. The
    // media-storage and download-client relations change only with events of their own.
    const steadyTools = ["config-get", "is-leader", "network-get", "status-get"];
    const ran = await steadyStateRound(m, SABNZBD);
    const update = ran.find((h) => h.unit === UNIT && h.hook === "update-status");
    expect(update?.toolCalls.map((c) => c.tool).sort()).toEqual(steadyTools);
    expect(m.unitStatus(UNIT).status).toBe("active");
    expect(await starts(m)).toBe(started);
    // As steady: a config-changed that changes nothing (an agent restart).
    expect(await toolsAfterAgentRestart(m, UNIT)).toEqual({ [UNIT]: steadyTools });

    // A managed setting changed through the app (its web UI saves sabnzbd.ini at once): put back
    // by the next update-status, which stops SABnzbd to edit the file.
    await app(stack.url, key).setMisc("check_new_rel", 1);
    expect((await ini(m)).ini.settings.checkNewRelease).toBe(true);
    await steadyStateRound(m, SABNZBD);
    expect((await ini(m)).ini.settings.checkNewRelease).toBe(false);
    expect(await starts(m)).toBe(started + 1);

    // The key edited in the file while SABnzbd runs (the app does not take it): the secret's
    // key is written back, and the app takes only that one.
    const pebble = podPebble(m);
    const edited = "0123456789abcdef0123456789abcdef";
    await pebble.execOrThrow(["sed", "-i", `s/^api_key = .*$/api_key = ${edited}/`, "/config/sabnzbd.ini"]);
    expect((await ini(m)).ini.settings.apiKey).toBe(edited);
    await steadyStateRound(m, SABNZBD);
    expect((await ini(m)).ini.settings.apiKey).toBe(key);
    expect(secretKey(m)).toBe(key);
    expect(await app(stack.url, key).acceptsKey()).toBe(true);
    expect(await app(stack.url, edited).acceptsKey()).toBe(false);
    expect(m.unitStatus(UNIT).status).toBe("active");
    expect(failedHooks(m.hookLog)).toEqual([]);
  });

  it("a manager whose relation is removed loses its grant and its data; its category stays", async () => {
    const stack = await file.stack();
    await relationRemovedAndRestored(stack, SABNZBD, async () => {
      const names = (await app(stack.url, secretKey(stack.m)).categories()).map((c) => c.name);
      expect(names).toContain("radarr");
    });
  });

  it("answers to the names in host-whitelist, and to no other", async () => {
    const stack = await file.stack({ radarr: "radarr" });
    const { m } = stack;
    expect(await statusWithHost(stack.url, "sab.example.com")).toBe(403);
    m.config("sabnzbd", { "host-whitelist": "sab.example.com, SAB.internal" });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus(UNIT).status).toBe("active");
    expect(await statusWithHost(stack.url, "sab.example.com")).toBe(200);
    expect(await statusWithHost(stack.url, "sab.internal:8080")).toBe(200);
    expect(await statusWithHost(stack.url, "other.example.com")).toBe(403);
    // What SABnzbd saved reads back as what the charm wants: no restart in the next hooks.
    await expectNoRestartInNextHooks(m, () => starts(m));
    // The managers use the IP URL and the same key throughout.
    expect(consumerViews.get("radarr/0")).toMatchObject({
      accepted: true,
      credential: { "api-key": secretKey(m) },
    });
  });

  it("blocks bad config values, naming them, and changes nothing", async () => {
    const stack = await file.stack({ radarr: "radarr" });
    const { m } = stack;
    await badConfigChangesNothing(
      m,
      SABNZBD,
      [
        [{ "download-dir": "downloads" }, 'download-dir="downloads"'],
        [{ "download-dir": "/" }, 'download-dir="/"'],
        [{ "host-whitelist": "sab example.com" }, 'host-whitelist="sab example.com"'],
        [{ timezone: "Europe/Pariss" }, 'timezone="Europe/Pariss"'],
        [{ "rotation-interval": "biweekly" }, 'rotation-interval="biweekly"'],
      ],
      {
        snapshot: async () => (await ini(m)).ini.settings,
        starts: () => starts(m),
        async stillServes() {
          expect(await app(stack.url, secretKey(m)).acceptsKey()).toBe(true);
        },
      },
    );
  });

  it("moves the download folders and the categories with download-dir", async () => {
    const stack = await file.stack();
    const { m } = stack;
    m.config("sabnzbd", { "download-dir": "/data/nzb/" });
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    const sab = app(stack.url, secretKey(m));
    expect(await sab.misc()).toMatchObject({
      complete_dir: "/data/nzb/complete",
      download_dir: "/data/nzb/incomplete",
    });
    await expectNoRestartInNextHooks(m, () => starts(m));
    // Category folders are relative to the complete folder: they move with it.
    const categories = (await sab.categories()).filter((c) => c.name !== "*");
    expect(categories.map((c) => [c.name, c.dir])).toEqual([
      ["radarr", "movies"],
      ["sonarr", "tv"],
    ]);
  });
});
