import { Model } from "@charmarr/engine";
import { describe, expect, it } from "vitest";
import { workloadKindOf } from "./workload-kind";

const charm = (name: string, image?: string) =>
  image === undefined
    ? `name: ${name}\n`
    : `name: ${name}\ncontainers: {${name}: {resource: img}}\nresources: {img: {type: oci-image, upstream-source: "${image}"}}\n`;

describe("workloadKindOf", () => {
  it("tells real Debian binaries, stand-ins and charms without workloads apart", () => {
    const model = new Model();
    model.deploy("qbittorrent", charm("qbittorrent", "lscr.io/linuxserver/qbittorrent:5.1.4-r2-ls447"));
    model.deploy("sabnzbd", charm("sabnzbd", "lscr.io/linuxserver/sabnzbd:4"));
    model.deploy("radarr", charm("radarr", "lscr.io/linuxserver/radarr:6"));
    model.deploy("storage", charm("storage"));
    model.deploy("other", charm("other", "ghcr.io/nobody/unknown:1"));
    expect(workloadKindOf(model.app("qbittorrent"))).toBe("real");
    expect(workloadKindOf(model.app("sabnzbd"))).toBe("real");
    expect(workloadKindOf(model.app("radarr"))).toBe("stand-in");
    expect(workloadKindOf(model.app("storage"))).toBe("none");
    expect(workloadKindOf(model.app("other"))).toBe("none");
  });

  it("a deployed --resource image wins over upstream-source", () => {
    const model = new Model();
    model.deploy("web", charm("web", "ghcr.io/nobody/unknown:1"), {
      resources: { img: "ghcr.io/linuxserver/radarr:6" },
    });
    expect(workloadKindOf(model.app("web"))).toBe("stand-in");
  });
});
