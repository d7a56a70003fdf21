import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isUnder, splitSystemPaths } from "./system-paths";

describe("splitSystemPaths", () => {
  it("keeps system paths that hold no image path", () => {
    expect(splitSystemPaths(["/usr", "/bin"], ["/app/radarr/bin/Radarr", "/config"])).toEqual([
      "/usr",
      "/bin",
    ]);
  });

  it("replaces a directory holding an image path by its children, down to the path's parent", () => {
    const split = splitSystemPaths(["/usr"], ["/usr/lib/plexmediaserver/Plex Media Server"]);
    expect(split).not.toContain("/usr");
    expect(split).not.toContain("/usr/lib");
    expect(split).toContain("/usr/bin");
    const libChildren = readdirSync("/usr/lib").map((child) => `/usr/lib/${child}`);
    expect(split.filter((path) => path.startsWith("/usr/lib/"))).toEqual(libChildren.sort());
    expect(split.every((path) => !isUnder("/usr/lib/plexmediaserver/Plex Media Server", [path]))).toBe(true);
  });

  it("leaves out a system path the image owns outright", () => {
    expect(splitSystemPaths(["/usr", "/sys"], ["/sys"])).toEqual(["/usr"]);
  });
});
