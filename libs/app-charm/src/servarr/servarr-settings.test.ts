import { describe, expect, it } from "vitest";
import { rootFolderOption } from "./root-folders";
import { normaliseUrlBase, urlBaseOption } from "./servarr-config";
import { wantedSettings } from "./servarr-service";

describe("config.xml settings", () => {
  it("seeds the key, the port, every address of the pod (`*`) and the URL base", () => {
    expect(
      wantedSettings({ port: 7878 }, { "url-base": "radarr/", "external-auth": false }, "k", undefined),
    ).toEqual({ apiKey: "k", port: 7878, bindAddress: "*", urlBase: "/radarr" });
  });

  it("External is the charm's to give and take back; any other method is the operator's", () => {
    const on = wantedSettings({ port: 1 }, { "url-base": "", "external-auth": true }, "k", {});
    expect(on.authenticationMethod).toBe("External");
    const off = { "url-base": "", "external-auth": false };
    expect(
      wantedSettings({ port: 1 }, off, "k", { authenticationMethod: "External" }).authenticationMethod,
    ).toBe("None");
    expect(
      wantedSettings({ port: 1 }, off, "k", { authenticationMethod: "Forms" }).authenticationMethod,
    ).toBeUndefined();
  });
});

describe("options", () => {
  it("url-base takes paths, refuses URLs, spaces and queries", () => {
    for (const ok of ["", "/radarr", "radarr", "/a/b/", "media.radarr"])
      expect(urlBaseOption.safeParse(ok).success).toBe(true);
    for (const bad of ["http://x/radarr", "/a b", "/a?x=1", "//", "/a//b"]) {
      expect(urlBaseOption.safeParse(bad).success).toBe(false);
    }
    expect(normaliseUrlBase("/a/b/")).toBe("/a/b");
    expect(normaliseUrlBase("")).toBe("");
  });

  it("url-base refuses dot segments, which HTTP clients normalise away (the charm could never reach its app)", () => {
    for (const bad of [".", "..", "/.", "/..", "/radarr/../..", "/a/./b", "./radarr", "/radarr/.."]) {
      expect(urlBaseOption.safeParse(bad).success, bad).toBe(false);
    }
    for (const ok of ["/.well", "/radarr..", "/..radarr", "/a.b/c"]) {
      expect(urlBaseOption.safeParse(ok).success, ok).toBe(true);
    }
  });

  it("url-base is short enough for the app's URL to be published (relation data takes 2,048)", () => {
    expect(urlBaseOption.safeParse(`/${"a".repeat(1023)}`).success).toBe(true);
    expect(urlBaseOption.safeParse(`/${"a".repeat(1024)}`).success).toBe(false);
  });

  it("root-folder is a folder of the media tree (under /data), or empty", () => {
    for (const ok of ["", "/data/media/movies", "/data/media/4k/"])
      expect(rootFolderOption("radarr").safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      "data/media",
      "~/movies",
      "/movies ",
      "/",
      "/movies/../etc",
      "/data/../etc",
      "/config",
      "/etc",
      "/data",
    ])
      expect(rootFolderOption("radarr").safeParse(bad).success, bad).toBe(false);
  });
});
