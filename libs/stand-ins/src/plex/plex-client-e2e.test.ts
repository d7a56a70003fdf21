import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlexApiError, PlexClient, PlexPreferences } from "@charmarr/workloads";
import { afterEach, describe, expect, it } from "vitest";
import { startPlexStandIn } from "./plex-server";

// The charm's Plex client (libs/workloads) against the stand-in: Preferences.xml as the charm
// writes it before the first start, then the library calls the charm makes.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("PlexClient on the stand-in", () => {
  it("claimed by a charm-written Preferences.xml, creates, lists, moves and scans libraries", async () => {
    const root = mkdtempSync(join(tmpdir(), "plex-e2e-"));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const prefs = PlexPreferences.create().withOnlineToken("token-abcdefgh1234");
    mkdirSync(join(root, "Plex Media Server"), { recursive: true });
    writeFileSync(join(root, "Plex Media Server", "Preferences.xml"), prefs.toString(), { mode: 0o600 });
    mkdirSync(join(root, "movies", "Film (2020)"), { recursive: true });
    writeFileSync(join(root, "movies", "Film (2020)", "Film (2020).mkv"), "x");
    const server = await startPlexStandIn({ appSupportDir: root, port: 0, host: "127.0.0.1" });
    cleanups.push(() => server.close());
    expect(server.machineIdentifier).toBe(prefs.machineIdentifier);

    await expect(new PlexClient(server.url, "wrong-token-123").sections()).rejects.toMatchObject({
      status: 401,
    });
    const plex = new PlexClient(server.url, "token-abcdefgh1234");
    await plex.createSection("radarr", "movie", [join(root, "tv")]);
    await plex.createSection("sonarr", "show", [join(root, "tv")]);
    const [movies, shows] = await plex.sections();
    expect(movies).toMatchObject({ title: "radarr", type: "movie", locations: [join(root, "tv")] });
    expect(shows).toMatchObject({ title: "sonarr", type: "show" });
    await plex.setSectionLocations(movies!.key, "movie", [join(root, "movies")]);
    await plex.scanSection(movies!.key);
    expect(await plex.sectionFiles(movies!.key)).toEqual([
      join(root, "movies", "Film (2020)", "Film (2020).mkv"),
    ]);
    await expect(plex.scanSection("99")).rejects.toBeInstanceOf(PlexApiError);
    await plex.deleteSection(shows!.key);
    expect((await plex.sections()).map((s) => s.title)).toEqual(["radarr"]);
  });
});
