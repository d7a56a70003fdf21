import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type PlexStandIn, startPlexStandIn } from "./plex-server";
import { parsePreferences, processedMachineIdentifier, renderPreferences } from "./preferences-file";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "plex-stand-in-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const prefsFile = (appSupport: string) => join(appSupport, "Plex Media Server", "Preferences.xml");

async function start(appSupportDir: string): Promise<PlexStandIn> {
  const server = await startPlexStandIn({ appSupportDir, port: 0, host: "127.0.0.1" });
  cleanups.push(() => server.close());
  return server;
}

/** A server claimed with `token`: Preferences.xml written before start, as the charm does. */
async function claimed(token = "server-token-1234567"): Promise<{ server: PlexStandIn; appSupport: string }> {
  const appSupport = tempDir();
  const first = await start(appSupport);
  await first.close();
  const prefs = parsePreferences(readFileSync(prefsFile(appSupport), "utf8"));
  prefs.set("PlexOnlineToken", token);
  writeFileSync(prefsFile(appSupport), renderPreferences(prefs), { mode: 0o600 });
  return { server: await start(appSupport), appSupport };
}

const get = (server: PlexStandIn, path: string, headers: Record<string, string> = {}, method = "GET") =>
  fetch(`${server.url}${path}`, { method, headers });

describe("Preferences.xml", () => {
  it("is made on first start with a ProcessedMachineIdentifier derived from MachineIdentifier, mode 0644", async () => {
    const appSupport = tempDir();
    const server = await start(appSupport);
    const file = prefsFile(appSupport);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    const prefs = parsePreferences(readFileSync(file, "utf8"));
    expect(prefs.get("ProcessedMachineIdentifier")).toMatch(/^[0-9a-f]{40}$/);
    expect(prefs.get("ProcessedMachineIdentifier")).toBe(
      processedMachineIdentifier(prefs.get("MachineIdentifier")!),
    );
    expect(server.machineIdentifier).toBe(prefs.get("ProcessedMachineIdentifier"));
    expect(prefs.has("PlexOnlineToken")).toBe(false);
  });

  it("keeps the identifiers, other attributes and a charm-written mode across restarts", async () => {
    const appSupport = tempDir();
    const first = await start(appSupport);
    await first.close();
    const prefs = parsePreferences(readFileSync(prefsFile(appSupport), "utf8"));
    prefs.set("customConnections", "http://plex.test.svc:32400");
    writeFileSync(prefsFile(appSupport), renderPreferences(prefs));
    chmodSync(prefsFile(appSupport), 0o600);
    const second = await start(appSupport);
    expect(second.machineIdentifier).toBe(first.machineIdentifier);
    expect(statSync(prefsFile(appSupport)).mode & 0o777).toBe(0o600);
    expect(parsePreferences(readFileSync(prefsFile(appSupport), "utf8")).get("customConnections")).toBe(
      "http://plex.test.svc:32400",
    );
  });

  it("adds a missing ProcessedMachineIdentifier to an existing file and writes it back", async () => {
    const appSupport = tempDir();
    mkdirSync(join(appSupport, "Plex Media Server"), { recursive: true });
    writeFileSync(
      prefsFile(appSupport),
      '<?xml version="1.0"?>\n<Preferences MachineIdentifier="abc" FriendlyName="x &amp; y"/>\n',
    );
    const server = await start(appSupport);
    expect(server.machineIdentifier).toBe(processedMachineIdentifier("abc"));
    const prefs = parsePreferences(readFileSync(prefsFile(appSupport), "utf8"));
    expect(prefs.get("ProcessedMachineIdentifier")).toBe(processedMachineIdentifier("abc"));
    expect(prefs.get("FriendlyName")).toBe("x & y");
  });
});

describe("authentication", () => {
  it("answers /identity to anyone, XML by default and JSON on request", async () => {
    const { server } = await claimed();
    const xml = await get(server, "/identity");
    expect(xml.status).toBe(200);
    const text = await xml.text();
    expect(text).toContain(`machineIdentifier="${server.machineIdentifier}"`);
    expect(text).toContain('claimed="1"');
    const json = await get(server, "/identity", { accept: "application/json" });
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(await json.json()).toMatchObject({
      MediaContainer: { claimed: true, machineIdentifier: server.machineIdentifier },
    });
  });

  it("reports an unclaimed server and lets no token in", async () => {
    const server = await start(tempDir());
    expect(await (await get(server, "/identity")).text()).toContain('claimed="0"');
    expect((await get(server, "/library/sections", { "X-Plex-Token": "" })).status).toBe(401);
  });

  it("401s with an HTML page without the token or with a wrong one, in the header or the query", async () => {
    const { server } = await claimed("right-token");
    for (const [path, headers] of [
      ["/library/sections", {}],
      ["/library/sections", { "X-Plex-Token": "wrong" }],
      ["/library/sections?X-Plex-Token=wrong", {}],
      ["/", {}],
    ] as const) {
      const response = await get(server, path, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("text/html");
      expect(await response.text()).toContain("401 Unauthorized");
    }
    expect((await get(server, "/library/sections", { "X-Plex-Token": "right-token" })).status).toBe(200);
    expect((await get(server, "/library/sections?X-Plex-Token=right-token")).status).toBe(200);
  });
});

describe("library sections", () => {
  const auth = { "X-Plex-Token": "server-token-1234567", accept: "application/json" };
  const sectionsOf = async (server: PlexStandIn) => {
    const body = (await (await get(server, "/library/sections", auth)).json()) as {
      MediaContainer: {
        size: number;
        Directory?: {
          key: string;
          title: string;
          type: string;
          agent: string;
          Location: { path: string }[];
        }[];
      };
    };
    return body.MediaContainer.Directory ?? [];
  };

  it("creates with the legacy form, lists in XML and JSON, and keeps duplicates as PMS does", async () => {
    const { server } = await claimed();
    const query = new URLSearchParams({
      name: "Movies",
      type: "movie",
      agent: "tv.plex.agents.movie",
      scanner: "Plex Movie",
      language: "en-US",
      location: "/data/media/movies",
    });
    expect((await get(server, `/library/sections?${query}`, auth, "POST")).status).toBe(200);
    expect((await get(server, `/library/sections?${query}`, auth, "POST")).status).toBe(200);
    const sections = await sectionsOf(server);
    expect(sections.map((s) => [s.key, s.title, s.type, s.Location[0]!.path])).toEqual([
      ["1", "Movies", "movie", "/data/media/movies"],
      ["2", "Movies", "movie", "/data/media/movies"],
    ]);
    const xml = await (
      await get(server, "/library/sections", { "X-Plex-Token": "server-token-1234567" })
    ).text();
    expect(xml).toMatch(/<Directory [^>]*key="1"[^>]*type="movie"[^>]*title="Movies"/);
    expect(xml).toContain('<Location id="1" path="/data/media/movies" />');
  });

  it("creates with the official form: integer type, repeated locations", async () => {
    const { server } = await claimed();
    const query = new URLSearchParams({
      name: "TV",
      type: "2",
      agent: "tv.plex.agents.series",
      language: "en-US",
    });
    query.append("locations", "/data/media/tv");
    query.append("locations", "/data/media/tv-4k");
    expect((await get(server, `/library/sections/all?${query}`, auth, "POST")).status).toBe(200);
    const [section] = await sectionsOf(server);
    expect(section).toMatchObject({ type: "show", agent: "tv.plex.agents.series" });
    expect(section!.Location.map((l) => l.path)).toEqual(["/data/media/tv", "/data/media/tv-4k"]);
  });

  it("answers 400 HTML to a create without name, type, agent, language or location", async () => {
    const { server } = await claimed();
    const full = { name: "M", type: "movie", agent: "a", language: "en-US", location: "/data" };
    for (const missing of Object.keys(full)) {
      const query = new URLSearchParams(Object.entries(full).filter(([name]) => name !== missing));
      const response = await get(server, `/library/sections?${query}`, auth, "POST");
      expect(response.status, missing).toBe(400);
      expect(response.headers.get("content-type")).toBe("text/html");
    }
    expect(
      (await get(server, "/library/sections?name=M&type=video&agent=a&language=x&location=/d", auth, "POST"))
        .status,
    ).toBe(400);
    expect(await sectionsOf(server)).toEqual([]);
  });

  it("moves a location, scans the files under it, lists them, and survives a restart", async () => {
    const media = tempDir();
    mkdirSync(join(media, "old/Film (2020)"), { recursive: true });
    mkdirSync(join(media, "new/Other (2021)"), { recursive: true });
    writeFileSync(join(media, "old/Film (2020)/Film (2020).mkv"), "x");
    writeFileSync(join(media, "new/Other (2021)/Other (2021).mp4"), "x");
    writeFileSync(join(media, "new/Other (2021)/Other (2021).srt"), "x");
    const { server, appSupport } = await claimed();
    const create = new URLSearchParams({
      name: "Movies",
      type: "movie",
      agent: "tv.plex.agents.movie",
      language: "en-US",
      location: join(media, "old"),
    });
    await get(server, `/library/sections?${create}`, auth, "POST");
    const items = async (s: PlexStandIn) =>
      (
        (await (await get(s, "/library/sections/1/all", auth)).json()) as {
          MediaContainer: { Video?: { Media: { Part: { file: string }[] }[] }[] };
        }
      ).MediaContainer.Video?.map((v) => v.Media[0]!.Part[0]!.file) ?? [];
    expect(await items(server)).toEqual([join(media, "old/Film (2020)/Film (2020).mkv")]);
    const move = new URLSearchParams({ agent: "tv.plex.agents.movie", location: join(media, "new") });
    expect((await get(server, `/library/sections/1?${move}`, auth, "PUT")).status).toBe(200);
    expect((await sectionsOf(server))[0]!.Location.map((l) => l.path)).toEqual([join(media, "new")]);
    expect(await items(server)).toEqual([join(media, "new/Other (2021)/Other (2021).mp4")]);
    writeFileSync(join(media, "new/Other (2021)/Extra.mkv"), "x");
    expect(await items(server)).toHaveLength(1);
    expect((await get(server, "/library/sections/1/refresh", auth)).status).toBe(200);
    expect(await items(server)).toHaveLength(2);
    await server.close();
    const again = await start(appSupport);
    expect(await items(again)).toHaveLength(2);
    expect((await get(again, "/library/sections/9/refresh", auth)).status).toBe(404);
    expect((await get(again, "/library/sections/1", auth, "DELETE")).status).toBe(200);
    expect(await sectionsOf(again)).toEqual([]);
  });
});
