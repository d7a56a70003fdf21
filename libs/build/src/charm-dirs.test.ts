import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { charmDirs, charmName, ROOT, selectCharmDirs, UnknownCharmError } from "./charm-dirs.mjs";

describe("charm discovery", () => {
  it("finds the example charm and every charm under charms/", () => {
    const dirs = charmDirs();
    expect(dirs[0]).toBe(join(ROOT, "libs/charm/example"));
    expect(dirs).toContain(join(ROOT, "charms/radarr"));
    expect(dirs.map(charmName)).toEqual(expect.arrayContaining(["hello", "prowlarr", "radarr", "sonarr"]));
  });

  it("selects every charm when no name is given", () => {
    expect(selectCharmDirs([])).toEqual(charmDirs());
  });

  it("selects charms by their charmcraft.yaml name or their folder, in discovery order", () => {
    expect(selectCharmDirs(["radarr"])).toEqual([join(ROOT, "charms/radarr")]);
    expect(selectCharmDirs(["radarr", "hello"])).toEqual([
      join(ROOT, "libs/charm/example"),
      join(ROOT, "charms/radarr"),
    ]);
    expect(selectCharmDirs(["example"])).toEqual([join(ROOT, "libs/charm/example")]);
  });

  it("refuses unknown names, listing the known charms", () => {
    let error: unknown;
    try {
      selectCharmDirs(["radar", "plex"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownCharmError);
    const e = error as UnknownCharmError;
    expect(e.unknown).toEqual(["radar", "plex"]);
    expect(e.known).toContain("hello (example)");
    expect(e.known).toContain("radarr");
    expect(e.message).toMatch(
      /^unknown charms: radar, plex; the charms are: hello \(example\), gluetun, media-storage, prowlarr, /,
    );
  });
});
