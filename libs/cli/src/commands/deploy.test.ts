import { describe, expect, it } from "vitest";
import type { CharmArchive } from "../charm-archive";
import { formatError } from "../errors";
import { resolveImages } from "./deploy";

const charm = {
  name: "radarr",
  resources: {
    "radarr-image": { type: "oci-image", "upstream-source": "lscr.io/linuxserver/radarr:6" },
    "extra-image": { type: "oci-image" },
    notes: { type: "file" },
  },
} as unknown as CharmArchive;

describe("resolveImages", () => {
  it("takes the given images, else the pins, and refuses unknown or missing ones in one line", () => {
    expect(resolveImages(charm, { "extra-image": "x:1" })).toEqual({
      "radarr-image": "lscr.io/linuxserver/radarr:6",
      "extra-image": "x:1",
    });
    expect(() => resolveImages(charm, {})).toThrow("charm radarr needs --resource extra-image=<image>");
    let err: unknown;
    try {
      resolveImages(charm, { "extra-image": "x", nope: "y" });
    } catch (e) {
      err = e;
    }
    expect(formatError(err)).toBe(
      "ERROR charm radarr has no resource nope (it has: radarr-image, extra-image, notes)",
    );
  });
});
