import { describe, expect, it } from "vitest";
import { parseBundle } from "./bundle";
import type { FullStatus } from "./full-status";
import { planIsEmpty, planUp } from "./up-plan";

const bundle = parseBundle(
  `applications:
  storage: {charm: ./charms/media-storage/media-storage_amd64.charm, trust: true}
  prowlarr: {charm: ./charms/prowlarr/prowlarr_amd64.charm}
  radarr: {charm: ./charms/radarr/radarr_amd64.charm}
relations:
  - [storage:media-storage, radarr:media-storage]
  - [radarr:media-indexer, prowlarr:media-indexer]
`,
  "/repo/bundle.yaml",
);

const empty: FullStatus = { model: { name: "charmarr" }, applications: {}, relations: [] };

const partial: FullStatus = {
  model: { name: "charmarr" },
  applications: {
    storage: { charm: "local:media-storage-0" },
    radarr: { charm: "local:radarr-0" },
  },
  relations: [
    {
      id: 1,
      key: "radarr:media-storage storage:media-storage",
      interface: "media-storage",
      endpoints: [
        { application: "storage", name: "media-storage", role: "provider" },
        { application: "radarr", name: "media-storage", role: "requirer" },
      ],
    },
  ],
};

describe("planUp", () => {
  it("deploys everything into an empty model", () => {
    const plan = planUp(bundle, empty);
    expect(plan.deploy.map((a) => a.name)).toEqual(["storage", "prowlarr", "radarr"]);
    expect(plan.integrate).toHaveLength(2);
    expect(planIsEmpty(plan)).toBe(false);
  });

  it("skips apps and relations already there, in either endpoint order", () => {
    const plan = planUp(bundle, partial);
    expect(plan.deploy.map((a) => a.name)).toEqual(["prowlarr"]);
    expect(plan.present).toEqual(["storage", "radarr"]);
    expect(plan.integrate).toEqual([["radarr:media-indexer", "prowlarr:media-indexer"]]);
    expect(plan.related).toEqual([["storage:media-storage", "radarr:media-storage"]]);
  });

  it("changes nothing on a second run", () => {
    const done: FullStatus = {
      ...partial,
      applications: { ...partial.applications, prowlarr: { charm: "local:prowlarr-3" } },
      relations: [
        ...(partial.relations ?? []),
        {
          id: 2,
          key: "radarr:media-indexer prowlarr:media-indexer",
          interface: "media-indexer",
          endpoints: [
            { application: "radarr", name: "media-indexer", role: "requirer" },
            { application: "prowlarr", name: "media-indexer", role: "provider" },
          ],
        },
      ],
    };
    const plan = planUp(bundle, done);
    expect(planIsEmpty(plan)).toBe(true);
    expect(plan.changedCharms).toEqual([]);
  });

  it("reports a changed archive instead of redeploying it", () => {
    const plan = planUp(bundle, partial, {
      archive: { radarr: "bbbbbbb000", storage: "aaaaaaa000" },
      deployed: { radarr: "aaaaaaa000", storage: "aaaaaaa000" },
    });
    expect(plan.deploy.map((a) => a.name)).toEqual(["prowlarr"]);
    expect(plan.changedCharms).toEqual([
      {
        app: "radarr",
        reason:
          "./charms/radarr/radarr_amd64.charm changed since radarr was deployed (sha256 aaaaaaa → bbbbbbb)",
      },
    ]);
  });

  it("reports an app name taken by another charm", () => {
    const plan = planUp(bundle, { ...partial, applications: { radarr: { charm: "local:sonarr-1" } } });
    expect(plan.changedCharms[0]?.reason).toBe("radarr runs charm sonarr, the bundle wants radarr");
    expect(plan.deploy.map((a) => a.name)).toEqual(["storage", "prowlarr"]);
  });

  it("does not count a relation between other endpoints of the same apps", () => {
    const other: FullStatus = {
      ...partial,
      relations: [
        {
          id: 9,
          key: "x",
          interface: "other",
          endpoints: [
            { application: "storage", name: "other", role: "provider" },
            { application: "radarr", name: "other", role: "requirer" },
          ],
        },
      ],
    };
    expect(planUp(bundle, other).integrate).toHaveLength(2);
  });
});
