import { describe, expect, it } from "vitest";
import { downloadDirOption, isDownloadDir, normaliseDownloadDir } from "./download-dir-option";

describe("download-dir option", () => {
  it("takes absolute directories, one trailing slash included", () => {
    for (const dir of ["/data/torrents", "/data/torrents/", "/data/usenet", "/data/Media Files"]) {
      expect(isDownloadDir(dir)).toBe(true);
    }
  });

  it("refuses relative paths, the root, dot parts, padding and what the apps' files would misread", () => {
    for (const dir of [
      "downloads",
      "",
      "/",
      "//",
      "/data/../etc",
      "/./x",
      " /data/torrents",
      "/downloads",
      "/downloads/movies",
      "/a\nb",
      '/a"b',
      "/a,b",
      "/a;b",
      "/a#b",
      "/a\\b",
    ]) {
      expect(isDownloadDir(dir)).toBe(false);
      expect(downloadDirOption.safeParse(dir).success).toBe(false);
    }
  });

  it("refuses anything outside the media tree: the app's own config, system paths, /proc", () => {
    for (const dir of [
      "/config",
      "/config/qBittorrent/config",
      "/etc",
      "/proc/self",
      "/data",
      "/mnt/x",
      "/downloadsx",
    ]) {
      expect(isDownloadDir(dir), dir).toBe(false);
    }
    expect(downloadDirOption.description).toContain("under /data");
    expect(downloadDirOption.description).not.toContain("/downloads");
    // PATH_MAX: no directory has a longer path.
    expect(isDownloadDir(`/data/${"a".repeat(4096 - 6)}`)).toBe(true);
    expect(isDownloadDir(`/data/${"a".repeat(4096 - 5)}`)).toBe(false);
  });

  it("normalises slashes", () => {
    expect(normaliseDownloadDir("/data/torrents/")).toBe("/data/torrents");
    expect(normaliseDownloadDir("//data//torrents/")).toBe("/data/torrents");
  });

  it("says what is allowed, for the Blocked message", () => {
    expect(downloadDirOption.description).toContain("absolute directory");
  });
});
