// Plex's libraries from media-manager, the charms packed and run as processes: Radarr and Sonarr
// (on the Servarr stand-ins) related to a claimed Plex on the shared volume; a hostile manager
// changes nothing.
import { randomBytes } from "node:crypto";
import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineCharm } from "@charmarr/charm";
import { PGID, PUID } from "@charmarr/media-storage-charm/testing";
import { deployServarr, type PackedCharms, packServarrCharms } from "@charmarr/prowlarr-charm/testing";
import { toolsAfterAgentRestart } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  deployClaimedPlex,
  type PackedPlex,
  type PlexModel,
  packPlex,
  plexClient,
  plexModel,
  preferencesOf,
} from "../testing/plex-stack";

const MINUTE = 60_000;
let packed: PackedPlex;
let servarr: PackedCharms;
let stack: PlexModel;

beforeAll(async () => {
  packed = await packPlex();
  servarr = await packServarrCharms(["radarr", "sonarr"]);
}, 300_000);
afterAll(() => {
  packed?.close();
  servarr?.close();
});
beforeEach(async () => {
  stack = await plexModel();
});
afterEach(async () => {
  await stack?.close();
});

const failed = () =>
  stack.m.hookLog.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook} ${h.result}`);

async function libraries() {
  const plex = await plexClient(stack.m);
  return (await plex.sections()).map((s) => ({
    key: s.key,
    title: s.title,
    type: s.type,
    locations: s.locations,
  }));
}

describe("plex libraries from radarr and sonarr", () => {
  it("one per root folder, made once, moved with the folder, kept when the relation goes", async () => {
    const { m, storage, plexTv } = stack;
    const started = performance.now();
    deployClaimedPlex(stack, packed.file);
    deployServarr(m, servarr, "radarr");
    deployServarr(m, servarr, "sonarr");
    m.integrate("radarr:media-manager", "plex:media-manager");
    const sonarrRelation = m.integrate("sonarr:media-manager", "plex:media-manager");
    await m.settle();
    const readyAfterMs = performance.now() - started;
    expect(failed()).toEqual([]);
    expect(m.unitStatus("plex/0")).toMatchObject({ status: "active" });
    expect(await libraries()).toEqual([
      { key: expect.any(String), title: "radarr", type: "movie", locations: ["/data/media/movies"] },
      { key: expect.any(String), title: "sonarr", type: "show", locations: ["/data/media/tv"] },
    ]);
    const [movies] = await libraries();

    // More hooks on every side (relation data rewritten, update-status): nothing made twice.
    m.config("plex", { timezone: "Europe/Paris" });
    m.advance(6 * MINUTE);
    await m.settle();
    expect((await libraries()).map((l) => l.title)).toEqual(["radarr", "sonarr"]);
    // A steady update-status checks the app, not the managers' libraries (their relations' events do).
    m.advance(6 * MINUTE);
    const update = (await m.settle()).find((h) => h.unit === "plex/0" && h.hook === "update-status");
    expect(update?.result).toBe("ok");
    expect(update?.toolCalls.filter((c) => c.args.includes("media-manager"))).toEqual([]);
    // Nor the shared volume's relation: only whether Plex answers and what its preferences hold.
    expect(update?.toolCalls.map((c) => c.tool).sort()).toEqual([
      "config-get",
      "is-leader",
      "network-get",
      "status-get",
    ]);
    expect(m.unitStatus("plex/0").status).toBe("active");
    // As steady: a config-changed that changes nothing (an agent restart).
    expect(await toolsAfterAgentRestart(m, "plex/0")).toEqual({
      "plex/0": ["config-get", "is-leader", "network-get", "status-get"],
    });

    // Radarr's root folder moves: the same library follows.
    m.config("radarr", { "root-folder": "/data/media/films" });
    await m.settle();
    expect(failed()).toEqual([]);
    expect((await libraries())[0]).toEqual({ ...movies, locations: ["/data/media/films"] });

    // A movie imported into Radarr's folder on the shared volume is in Plex's scan, at Radarr's path.
    const film = join(storage.hostDir, "media/films/Film (2024)");
    mkdirSync(film, { recursive: true });
    writeFileSync(join(film, "Film (2024).mkv"), "not really a movie");
    for (const path of [join(storage.hostDir, "media/films"), film, join(film, "Film (2024).mkv")])
      chownSync(path, PUID, PGID);
    const plex = await plexClient(m);
    await plex.scanSection(movies!.key);
    expect(await plex.sectionFiles(movies!.key)).toEqual(["/data/media/films/Film (2024)/Film (2024).mkv"]);

    // The relation goes: the library (and its watch history) stays.
    m.removeRelation(sonarrRelation);
    await m.settle();
    expect(failed()).toEqual([]);
    expect((await libraries()).map((l) => l.title)).toEqual(["radarr", "sonarr"]);
    expect(m.unitStatus("plex/0")).toMatchObject({ status: "active" });
    // Unless the operator asks.
    m.config("plex", { "remove-orphaned-libraries": true });
    await m.settle();
    expect((await libraries()).map((l) => l.title)).toEqual(["radarr"]);

    const token = (await preferencesOf(m)).prefs.onlineToken!;
    expect(token).toBe(plexTv.claims()[0]!.serverToken);
    m.scanner.learn(token, { secret: "plex-server-token", owner: "plex", key: "PlexOnlineToken" });
    expect(m.leaks()).toEqual([]);
    console.log(
      `deploy → claimed, active Plex with Radarr's and Sonarr's libraries: ${Math.round(readyAfterMs)} ms`,
    );
  }, 600_000);
});

/** What the hostile manager publishes on media-manager in its next hook. */
let hostileBag: Record<string, string> = {};
const hostileManager = defineCharm({
  metadata: { name: "hostile-manager" },
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    for (const relation of await ctx.relations("media-manager")) {
      const current = await relation.localAppData();
      const cleared = Object.fromEntries(Object.keys(current).map((key) => [key, ""]));
      await relation.setAppData({ ...cleared, ...hostileBag });
    }
    ctx.status.active();
  },
});
const HOSTILE_YAML = `
name: hostile-manager
type: charm
summary: a hostile media manager
description: test charm
provides:
  media-manager:
    interface: media-manager
config:
  options:
    round: {type: int, default: 0}
`;

describe("plex with a hostile media manager", () => {
  it("makes no library, fails no hook and reads no secret for hostile databags", async () => {
    const { m } = stack;
    deployClaimedPlex(stack, packed.file);
    m.deploy("sonarr", { charm: hostileManager, metadata: HOSTILE_YAML });
    m.integrate("sonarr:media-manager", "plex:media-manager");
    await m.settle();
    // Made at run time: a literal would sit in vitest's transform cache, where the scanner looks.
    const others = m.addUserSecret("someone-elses", { password: randomBytes(16).toString("hex") });
    const good = { "api-url": "http://10.0.0.9:8989", manager: "sonarr", "instance-name": "sonarr" };
    // Each bag, and how Plex takes it: refused as a whole (Waiting on the relation), or read
    // with nothing in it Plex may use (Active, no library).
    const refused = /^invalid data from sonarr on media-manager:\d+: (root-folders|manager)/;
    const many = JSON.stringify(Array.from({ length: 500 }, (_, i) => `/data/media/tv${i}`));
    const bags: [Record<string, string>, RegExp | "active"][] = [
      [{ ...good, "root-folders": many }, refused],
      [{ ...good, "root-folders": `["/data/${"x".repeat(70_000)}"]` }, refused],
      [{ ...good, "root-folders": '{"not":"a list"}', manager: "42" }, refused],
      [{ ...good, "root-folders": '["/data/../config/Library"]' }, refused],
      // Well-formed, but none on the shared volume: no library for /config (the token's home).
      [
        { ...good, "root-folders": '["/config", "/config/Library/Application Support", "/etc", "/data"]' },
        "active",
      ],
      [{ ...good, "root-folders": '["/data/media/tv"]', manager: "jellyfin" }, refused],
      [{ ...good, "root-folders": "[]", "api-key-secret-id": others, "instance-name": "radarr" }, "active"],
    ];
    for (const [round, [bag, expected]] of bags.entries()) {
      hostileBag = bag;
      m.config("sonarr", { round: round + 1 });
      await m.settle();
      expect(failed(), `round ${round}`).toEqual([]);
      expect(await libraries(), `round ${round}`).toEqual([]);
      const status = m.unitStatus("plex/0");
      expect((status.message ?? "").length).toBeLessThanOrEqual(1024);
      if (expected === "active") expect(status, `round ${round}`).toMatchObject({ status: "active" });
      else
        expect(status, `round ${round}`).toMatchObject({
          status: "waiting",
          message: expect.stringMatching(expected),
        });
    }
    const secretReads = m.hookLog
      .filter((h) => h.unit === "plex/0")
      .flatMap((h) => h.toolCalls)
      .filter((c) => c.tool === "secret-get" && JSON.stringify(c).includes(others.replace("secret:", "")));
    expect(secretReads).toEqual([]);
  }, 600_000);
});
