import { describe, expect, it } from "vitest";
import { ImageReferenceError, imageRepository, parseImageReference } from "./image-reference";

describe("parseImageReference", () => {
  it("keeps registry and path, splits tag and digest", () => {
    expect(parseImageReference("lscr.io/linuxserver/radarr:6.1.1.10360-ls299")).toEqual({
      repository: "lscr.io/linuxserver/radarr",
      tag: "6.1.1.10360-ls299",
    });
    expect(parseImageReference("ghcr.io/qdm12/gluetun:v3.41.1@sha256:abc")).toEqual({
      repository: "ghcr.io/qdm12/gluetun",
      tag: "v3.41.1",
      digest: "sha256:abc",
    });
  });

  it("normalises Docker Hub names as Docker does", () => {
    expect(imageRepository("linuxserver/radarr")).toBe("docker.io/linuxserver/radarr");
    expect(imageRepository("ubuntu:24.04")).toBe("docker.io/library/ubuntu");
    expect(imageRepository("index.docker.io/qmcgaw/gluetun")).toBe("docker.io/qmcgaw/gluetun");
  });

  it("tells a registry port from a tag", () => {
    expect(parseImageReference("localhost:5000/charmarr/radarr")).toEqual({
      repository: "localhost:5000/charmarr/radarr",
    });
    expect(parseImageReference("localhost:5000/radarr:1")).toEqual({
      repository: "localhost:5000/radarr",
      tag: "1",
    });
  });

  it("rejects what is not a reference", () => {
    expect(() => parseImageReference("Radarr")).toThrow(ImageReferenceError);
    expect(() => parseImageReference("radarr:")).toThrow(/empty tag/);
    expect(() => parseImageReference("a@b@c")).toThrow(/more than one @/);
  });
});
