import { describe, expect, it } from "vitest";
import {
  libraryDirFor,
  MEDIA_LAYOUT,
  mediaDirsFor,
  torrentDirFor,
  usenetCompleteDirFor,
} from "./media-layout";

describe("the media tree", () => {
  it("is TRaSH's hardlink layout under /data", () => {
    expect(MEDIA_LAYOUT).toEqual({
      torrents: "/data/torrents",
      usenetIncomplete: "/data/usenet/incomplete",
      usenetComplete: "/data/usenet/complete",
      library: "/data/media",
    });
    expect([torrentDirFor("radarr"), usenetCompleteDirFor("sonarr"), libraryDirFor("radarr")]).toEqual([
      "/data/torrents/movies",
      "/data/usenet/complete/tv",
      "/data/media/movies",
    ]);
  });

  it("gives each app the subtree it owns, parents first", () => {
    expect(mediaDirsFor("qbittorrent", ["radarr", "sonarr"])).toEqual([
      "/data/torrents",
      "/data/torrents/movies",
      "/data/torrents/tv",
    ]);
    expect(mediaDirsFor("sabnzbd", ["sonarr"])).toEqual([
      "/data/usenet/incomplete",
      "/data/usenet/complete",
      "/data/usenet/complete/tv",
    ]);
    expect(mediaDirsFor("sonarr")).toEqual(["/data/media", "/data/media/tv"]);
  });
});
