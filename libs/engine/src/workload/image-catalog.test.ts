import { describe, expect, it } from "vitest";
import { BUILTIN_IMAGES } from "./builtin-images";
import {
  ImageCatalog,
  ImageCatalogError,
  StandInNotRegisteredError,
  UnknownImageError,
} from "./image-catalog";

const standIn = { command: ["/usr/bin/node", "/opt/stand-ins/radarr.js"], binds: ["/opt/stand-ins"] };

describe("ImageCatalog", () => {
  it("finds an image by any tag and any alias", () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    const radarr = catalog.find("lscr.io/linuxserver/radarr:6.1.1.10360-ls299");
    expect(radarr?.repository).toBe("lscr.io/linuxserver/radarr");
    expect(catalog.find("ghcr.io/linuxserver/radarr:latest")).toBe(radarr);
    expect(catalog.find("linuxserver/radarr")).toBe(radarr);
    expect(catalog.find("qmcgaw/gluetun:v3")?.repository).toBe("ghcr.io/qdm12/gluetun");
  });

  it("puts a stand-in launcher at each binary path the Charmarr charms run", () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    const standInPaths = Object.fromEntries(
      catalog
        .repositories()
        .map((repository) => [
          repository,
          (catalog.find(repository)?.launchers ?? [])
            .filter((l) => l.target === "stand-in")
            .map((l) => l.path),
        ]),
    );
    expect(standInPaths).toMatchObject({
      "lscr.io/linuxserver/prowlarr": ["/app/prowlarr/bin/Prowlarr"],
      "lscr.io/linuxserver/radarr": ["/app/radarr/bin/Radarr"],
      "lscr.io/linuxserver/sonarr": ["/app/sonarr/bin/Sonarr"],
      "lscr.io/linuxserver/plex": ["/usr/lib/plexmediaserver/Plex Media Server"],
      "ghcr.io/qdm12/gluetun": ["/gluetun-entrypoint"],
      "lscr.io/linuxserver/qbittorrent": [],
    });
  });

  it("refuses an unknown image, naming the known ones", () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    expect(() => catalog.resolve("example.com/nope:1", 'unit a/0, container "x"')).toThrow(UnknownImageError);
    expect(() => catalog.resolve("example.com/nope:1", 'unit a/0, container "x"')).toThrow(
      /^unit a\/0, container "x": image "example.com\/nope:1" \(repository example.com\/nope\) is not in the workload image catalog; known images: .*lscr.io\/linuxserver\/radarr/,
    );
    expect(() => catalog.resolve("Not An Image")).toThrow(UnknownImageError);
  });

  it("needs a registered stand-in to resolve a stand-in image, and takes it back on request", () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    expect(() => catalog.resolve("lscr.io/linuxserver/radarr:1")).toThrow(StandInNotRegisteredError);
    expect(() => catalog.resolve("lscr.io/linuxserver/radarr:1")).toThrow(
      'image lscr.io/linuxserver/radarr runs a stand-in server at /app/radarr/bin/Radarr, but none is registered: call registerStandIn("lscr.io/linuxserver/radarr", { command: [...] })',
    );
    const unregister = catalog.registerStandIn("ghcr.io/linuxserver/radarr", standIn);
    expect(catalog.resolve("lscr.io/linuxserver/radarr:1").launchers).toEqual([
      { path: "/app/radarr/bin/Radarr", language: "sh", target: standIn, standIn: true },
    ]);
    unregister();
    expect(() => catalog.resolve("lscr.io/linuxserver/radarr:1")).toThrow(StandInNotRegisteredError);
  });

  it("refuses stand-ins for images that run a real program, and relative commands", () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    expect(() => catalog.registerStandIn("lscr.io/linuxserver/qbittorrent", standIn)).toThrow(
      "image lscr.io/linuxserver/qbittorrent runs no stand-in server",
    );
    expect(() =>
      catalog.registerStandIn("lscr.io/linuxserver/sonarr", { command: ["node", "x.js"] }),
    ).toThrow(/must start with an absolute host path/);
  });

  it("checks entries: normalised repository, paths below /, no repository twice", () => {
    const catalog = new ImageCatalog();
    expect(() => catalog.add({ repository: "linuxserver/x", summary: "" })).toThrow(ImageCatalogError);
    expect(() => catalog.add({ repository: "example.com/x", summary: "", directories: ["app"] })).toThrow(
      /must be an absolute, normalised path/,
    );
    catalog.add({ repository: "example.com/x", aliases: ["example.org/x"], summary: "" });
    expect(() => catalog.add({ repository: "example.org/x", summary: "" })).toThrow(/already in the catalog/);
  });
});
