import { describe, expect, it } from "vitest";
import { releaseFolder } from "./release-folder";

describe("releaseFolder", () => {
  it("gives Radarr's default movie folder, Title (Year), from a release name", () => {
    expect(releaseFolder("radarr", "Charmarr.Test.Movie.2024.1080p.WEB-DL.mkv")).toBe(
      "Charmarr Test Movie (2024)",
    );
    expect(releaseFolder("radarr", "The Matrix (1999) [1080p]")).toBe("The Matrix (1999)");
    expect(releaseFolder("radarr", "Blade.Runner.2049.2017.2160p")).toBe("Blade Runner 2049 (2017)");
  });

  it("gives Sonarr's series and season folders from an episode release", () => {
    expect(releaseFolder("sonarr", "Some.Show.S02E05.720p.HDTV.mkv")).toBe("Some Show/Season 2");
    expect(releaseFolder("sonarr", "Other_Show - s1e10")).toBe("Other Show/Season 1");
  });

  it("falls back to the cleaned name, never to a path outside the root folder", () => {
    expect(releaseFolder("radarr", "random_file.bin")).toBe("random file bin");
    expect(releaseFolder("sonarr", "..")).toBe("Unknown");
    expect(releaseFolder("radarr", "a/../../etc")).not.toContain("/");
  });
});
