import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SabnzbdTestInstance } from "../../testing/sabnzbd-test-instance";
import { applySabnzbdApiKey, SabnzbdApiKeyMismatchError } from "./api-key-rotation";
import { SabnzbdClient } from "./sabnzbd-client";
import { SabnzbdAuthError, SabnzbdRefusedError } from "./sabnzbd-errors";
import { SabnzbdIni } from "./sabnzbd-ini";

// The real sabnzbdplus (Debian 3.7.1), started directly as a child process on loopback with a
// sabnzbd.ini seeded by SabnzbdIni (plus a disabled usenet server, which must survive every edit):
// every client call, the live key rotation, and wrong-key rejection.

const FIRST_KEY = "charm-first-0123456789abcdef0123";
const NZB_KEY = "nzb-0123456789abcdef0123456789ab";
const SECOND_KEY = "charm-second, with #odd & chars?";
const THIRD_KEY = "charm-third-via-the-ini-file-0001";
const SERVER = ["servers", "news.example.invalid"];

let sab: SabnzbdTestInstance;
let key = FIRST_KEY;
const client = (apiKey = key) => new SabnzbdClient({ url: sab.url, apiKey });

beforeAll(async () => {
  sab = await SabnzbdTestInstance.create({ apiKey: FIRST_KEY, nzbKey: NZB_KEY });
  // A usenet server the charm does not own; disabled, so nothing connects anywhere.
  const ini = SabnzbdIni.parse(
    `${sab.readIni()}[servers]\n[[news.example.invalid]]\nname = news.example.invalid\n`,
  );
  sab.writeIni(
    ini
      .withValues([
        { path: SERVER, key: "host", value: "news.example.invalid" },
        { path: SERVER, key: "port", value: "563" },
        { path: SERVER, key: "username", value: "usenet-user" },
        { path: SERVER, key: "password", value: "usenet, pass #1" },
        { path: SERVER, key: "enable", value: "0" },
      ])
      .toString(),
  );
  await sab.start();
});

afterAll(async () => {
  await sab?.destroy();
  console.info(`sabnzbdplus start -> first HTTP answer (ms): ${sab?.startTimes.map(Math.round).join(", ")}`);
});

describe("sabnzbdplus: the client", () => {
  it("answers version without a key", async () => {
    expect(await client("").version()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("refuses a wrong key and the NZB key with their typed 403", async () => {
    const wrong = await client("not-the-key")
      .misc()
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SabnzbdAuthError);
    expect((wrong as SabnzbdAuthError).reason).toBe("incorrect");
    expect(
      (
        (await client(NZB_KEY)
          .misc()
          .catch((e: unknown) => e)) as SabnzbdAuthError
      ).reason,
    ).toBe("incorrect");
    expect(await client().auth(NZB_KEY)).toBe("nzbkey");
    expect(await client().auth("not-the-key")).toBe("badkey");
    expect(await client().acceptsKey()).toBe(true);
    expect(await client().acceptsKey(NZB_KEY)).toBe(false);
    expect(await client().acceptsKey("")).toBe(false);
  });

  it("reads the seeded [misc] back: loopback, offline, the charm's keys", async () => {
    expect(await client().misc()).toMatchObject({
      host: "127.0.0.1",
      port: String(sab.port),
      api_key: FIRST_KEY,
      nzb_key: NZB_KEY,
      download_dir: `${sab.dir}/incomplete`,
      complete_dir: `${sab.dir}/complete`,
      check_new_rel: 0,
      enable_broadcast: 0,
      selftest_host: "",
      inet_exposure: 0,
    });
    const server = ((await client().config("servers")).servers as { name: string; password: string }[])[0];
    expect(server?.name).toBe("news.example.invalid");
    expect(server?.password).toBe("**********");
  });

  it("sets misc values, URL-encoded, lists included; refuses an unknown keyword", async () => {
    const api = client();
    expect(await api.setMisc("host_whitelist", ["Sab.Example.COM", "sabnzbd"])).toEqual([
      "sab.example.com",
      "sabnzbd",
    ]);
    expect(await api.setMisc("url_base", "/sab & co?=#+")).toBe("/sab & co?=#+");
    expect((await api.misc()).url_base).toBe("/sab & co?=#+");
    await api.setMisc("url_base", "/sabnzbd");
    expect(await api.setMisc("enable_broadcast", false)).toBe(0);
    const unknown = await api.setMisc("no_such_key", "1").catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(SabnzbdRefusedError);
    // Saved at once: the codec reads it from the file.
    expect(SabnzbdIni.parse(sab.readIni() as string).settings.hostWhitelist).toEqual([
      "sab.example.com",
      "sabnzbd",
    ]);
  });

  it("creates, updates, lists and deletes categories", async () => {
    const api = client();
    expect(await api.ensureCategory("TV-Sonarr", "tv")).toBe("created");
    expect(await api.ensureCategory("tv-sonarr", "tv")).toBe("unchanged");
    expect(await api.ensureCategory("tv-sonarr", `${sab.dir}/complete/tv-2`)).toBe("updated");
    const movies = await api.setCategory({ name: "movies-radarr", dir: 'movies, "x"', pp: 3, priority: 0 });
    expect(movies).toMatchObject({ name: "movies-radarr", dir: 'movies, "x"', pp: "3", priority: 0 });
    expect(await api.categoryNames()).toEqual(expect.arrayContaining(["*", "tv-sonarr", "movies-radarr"]));
    expect((await api.categories()).find((c) => c.name === "tv-sonarr")?.dir).toBe(
      `${sab.dir}/complete/tv-2`,
    );
    await api.deleteCategory("movies-radarr");
    await api.deleteCategory("does-not-exist");
    expect(await api.categoryNames()).not.toContain("movies-radarr");
  });
});

describe("sabnzbdplus: API key rotation", () => {
  it("rotates to a charm-chosen key live: new accepted, old refused, saved, no restart", async () => {
    const pid = sab.child?.pid;
    const next = await applySabnzbdApiKey(client(), SECOND_KEY, FIRST_KEY);
    key = SECOND_KEY;
    expect(await next.acceptsKey()).toBe(true);
    expect(await client().acceptsKey(FIRST_KEY)).toBe(false);
    const old = await client(FIRST_KEY)
      .misc()
      .catch((e: unknown) => e);
    expect((old as SabnzbdAuthError).reason).toBe("incorrect");
    expect((await next.misc()).api_key).toBe(SECOND_KEY);
    expect(SabnzbdIni.parse(sab.readIni() as string).settings.apiKey).toBe(SECOND_KEY);
    expect(sab.child?.pid).toBe(pid);
  });

  it("is idempotent after a crash, and refuses when neither key works", async () => {
    await applySabnzbdApiKey(client(), SECOND_KEY, FIRST_KEY);
    await applySabnzbdApiKey(client(), SECOND_KEY, SECOND_KEY);
    await expect(applySabnzbdApiKey(client(), "another-new-key", "stale-key")).rejects.toBeInstanceOf(
      SabnzbdApiKeyMismatchError,
    );
    expect(await client().acceptsKey()).toBe(true);
  });

  it("lets the app generate a key, then takes a charm-chosen one back", async () => {
    const { apiKey, client: generated } = await client().generateApiKey();
    expect(apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(await generated.acceptsKey()).toBe(true);
    expect(await client().acceptsKey(SECOND_KEY)).toBe(false);
    await generated.setApiKey(SECOND_KEY);
    expect(await client().acceptsKey(SECOND_KEY)).toBe(true);
    expect(await client().acceptsKey(apiKey)).toBe(false);
  });

  it("sets the NZB key", async () => {
    await client().setNzbKey("nzb-rotated-0123456789");
    expect(await client().auth("nzb-rotated-0123456789")).toBe("nzbkey");
    expect(await client().auth(NZB_KEY)).toBe("badkey");
    const generated = await client().generateNzbKey();
    expect(await client().auth(generated)).toBe("nzbkey");
  });

  it("applies a key through the ini while stopped, keeping the rest of the file byte for byte", async () => {
    await sab.stop();
    const written = sab.readIni() as string;
    const edited = SabnzbdIni.parse(written).with({ apiKey: THIRD_KEY });
    const changed = edited
      .toString()
      .split("\n")
      .filter((line, index) => line !== written.split("\n")[index]);
    expect(changed).toEqual([`api_key = ${THIRD_KEY}`]);
    // Re-asserting what the file holds changes nothing.
    expect(edited.with({ apiKey: THIRD_KEY, host: "127.0.0.1", port: sab.port }).toString()).toBe(
      edited.toString(),
    );
    sab.writeIni(edited.toString());
    await sab.start();
    key = THIRD_KEY;
    expect(await client().acceptsKey()).toBe(true);
    expect(await client().acceptsKey(SECOND_KEY)).toBe(false);
    const server = ((await client().config("servers")).servers as { name: string; username: string }[])[0];
    expect(server).toMatchObject({ name: "news.example.invalid", username: "usenet-user" });
    expect((await client().categories()).map((c) => c.name)).toContain("tv-sonarr");
    expect(SabnzbdIni.parse(sab.readIni() as string).value(SERVER, "password")).toBe("usenet, pass #1");
  });
});
