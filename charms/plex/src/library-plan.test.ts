import type { PlexSection } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import { libraryTitle, type ManagedLibrary, planLibraries, type WantedLibrary } from "./library-plan";

const movies: WantedLibrary = { app: "radarr", folder: "/data/media/movies", type: "movie", title: "radarr" };
const tv: WantedLibrary = { app: "sonarr", folder: "/data/media/tv", type: "show", title: "sonarr" };
const section = (key: string, type: string, ...locations: string[]): PlexSection => ({
  key,
  title: key,
  type,
  locations,
});

describe("planLibraries", () => {
  it("creates one library per manager's root folder, once", () => {
    const first = planLibraries([movies, tv], [], [], false);
    expect(first.actions).toEqual([
      { kind: "create", wanted: movies },
      { kind: "create", wanted: tv },
    ]);
    const managed: ManagedLibrary[] = [
      { key: "1", app: "radarr", folder: movies.folder, type: "movie" },
      { key: "2", app: "sonarr", folder: tv.folder, type: "show" },
    ];
    const sections = [section("1", "movie", movies.folder), section("2", "show", tv.folder)];
    expect(planLibraries([movies, tv], managed, sections, false)).toEqual({ actions: [], managed });
  });

  it("adopts a library already at the folder instead of making a second one", () => {
    const plan = planLibraries(
      [movies],
      [],
      [section("7", "movie", "/x", movies.folder), section("8", "show", movies.folder)],
      false,
    );
    expect(plan).toEqual({
      actions: [],
      managed: [{ key: "7", app: "radarr", folder: movies.folder, type: "movie" }],
    });
  });

  it("moves a manager's library along when its root folder moves", () => {
    const managed: ManagedLibrary[] = [{ key: "1", app: "radarr", folder: movies.folder, type: "movie" }];
    const films = { ...movies, folder: "/data/media/films" };
    const plan = planLibraries([films], managed, [section("1", "movie", movies.folder)], false);
    expect(plan.actions).toEqual([
      { kind: "move", key: "1", type: "movie", folder: "/data/media/films", from: movies.folder },
    ]);
    expect(plan.managed).toEqual([{ key: "1", app: "radarr", folder: "/data/media/films", type: "movie" }]);
  });

  it("keeps libraries nobody wants any more, unless asked to remove them", () => {
    const managed: ManagedLibrary[] = [{ key: "1", app: "radarr", folder: movies.folder, type: "movie" }];
    const sections = [section("1", "movie", movies.folder)];
    expect(planLibraries([], managed, sections, false)).toEqual({ actions: [], managed });
    expect(planLibraries([], managed, sections, true)).toEqual({
      actions: [{ kind: "delete", key: "1", app: "radarr", folder: movies.folder }],
      managed: [],
    });
  });

  it("forgets a library deleted in Plex, and makes it again while it is wanted", () => {
    const managed: ManagedLibrary[] = [{ key: "1", app: "radarr", folder: movies.folder, type: "movie" }];
    expect(planLibraries([movies], managed, [], false)).toEqual({
      actions: [{ kind: "create", wanted: movies }],
      managed: [],
    });
  });

  it("names libraries after the manager, with the folder when it has several", () => {
    expect(libraryTitle("radarr", "/data/media/movies", 1)).toBe("radarr");
    expect(libraryTitle("radarr-4k", "/data/media/movies-4k", 2)).toBe("radarr-4k (movies-4k)");
  });
});
