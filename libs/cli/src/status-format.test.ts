import { describe, expect, it } from "vitest";
import type { FullStatus } from "./full-status";
import { allSettled, formatStatus, unitsInError, webAddresses } from "./status-format";

const status: FullStatus = {
  model: {
    name: "charmarr",
    type: "caas",
    "cloud-tag": "cloud-embedded",
    region: "default",
    version: "3.6.14",
  },
  "controller-timestamp": "2025-05-01T10:05:00Z",
  applications: {
    radarr: {
      charm: "local:radarr-0",
      "charm-rev": 0,
      "workload-version": "6.1.1",
      int: 1,
      status: { status: "active" },
      units: {
        "radarr/0": {
          "workload-status": { status: "active" },
          "agent-status": { status: "idle" },
          leader: true,
          address: "10.1.0.12",
          "opened-ports": ["7878/tcp"],
        },
      },
    },
    plex: {
      charm: "local:plex-2",
      "charm-rev": 2,
      int: 1,
      status: { status: "blocked", info: "claim-token is not set" },
      units: {
        "plex/0": {
          "workload-status": { status: "blocked", info: "claim-token is not set" },
          "agent-status": { status: "idle" },
          leader: true,
          address: "10.1.0.13",
          "opened-ports": ["32400/tcp", "1900/udp"],
        },
      },
    },
  },
  relations: [
    {
      id: 3,
      key: "plex:media-manager radarr:media-manager",
      interface: "media-manager",
      status: { status: "joined" },
      endpoints: [
        { application: "plex", name: "media-manager", role: "requirer" },
        { application: "radarr", name: "media-manager", role: "provider" },
      ],
    },
  ],
};

describe("formatStatus", () => {
  it("prints the model, apps, units and relations like juju status", () => {
    expect(formatStatus(status)).toBe(
      [
        "Model     Type  Cloud/Region      Version  Timestamp",
        "charmarr  caas  embedded/default  3.6.14   10:05:00",
        "",
        "App     Version  Status   Scale  Charm   Rev  Address  Message",
        "plex             blocked  1      plex    2             claim-token is not set",
        "radarr  6.1.1    active   1      radarr  0",
        "",
        "Unit       Workload  Agent  Address    Ports               Message",
        "plex/0*    blocked   idle   10.1.0.13  32400/tcp,1900/udp  claim-token is not set",
        "radarr/0*  active    idle   10.1.0.12  7878/tcp",
        "",
        "Integration provider  Requirer            Interface      Type     Message",
        "radarr:media-manager  plex:media-manager  media-manager  regular",
        "",
      ].join("\n"),
    );
  });

  it("says how to fill an empty model", () => {
    expect(formatStatus({ model: { name: "m" }, applications: {} })).toContain(
      "charmarr up deploys the stack",
    );
  });
});

describe("webAddresses and settling", () => {
  it("lists each app's TCP ports at its leader's address", () => {
    expect(webAddresses(status)).toEqual([
      { app: "plex", url: "http://10.1.0.13:32400" },
      { app: "radarr", url: "http://10.1.0.12:7878" },
    ]);
  });

  it("counts active and blocked-with-a-message as settled, nothing else", () => {
    expect(allSettled(status)).toBe(true);
    expect(allSettled(status, ["radarr", "sonarr"])).toBe(false);
    const waiting = structuredClone(status);
    waiting.applications!.radarr!.units!["radarr/0"]!["workload-status"] = { status: "waiting", info: "x" };
    expect(allSettled(waiting)).toBe(false);
    const bare = structuredClone(status);
    bare.applications!.plex!.units!["plex/0"]!["workload-status"] = { status: "blocked", info: "" };
    expect(allSettled(bare)).toBe(false);
  });

  it("names units in error", () => {
    const failed = structuredClone(status);
    failed.applications!.radarr!.units!["radarr/0"]!["agent-status"] = {
      status: "error",
      info: "hook failed: install",
    };
    expect(unitsInError(failed)).toEqual(["radarr/0: hook failed: install"]);
  });
});

describe("the Runs column", () => {
  it("says which app is real and which a stand-in, on the embedded controller only", () => {
    const embedded: FullStatus = structuredClone(status);
    const apps = embedded.applications ?? {};
    if (apps.radarr?.status) apps.radarr.status.data = { "charmarr-workload": "stand-in" };
    if (apps.plex?.status) apps.plex.status.data = { "charmarr-workload": "real" };
    const shown = formatStatus(embedded);
    expect(shown).toMatch(/^App .* Runs +Message/m);
    expect(shown).toMatch(/^radarr .* stand-in/m);
    expect(shown).toMatch(/^plex .* real /m);
    expect(formatStatus(status)).not.toMatch(/^App .*Runs/m);
  });
});
