import { describe, expect, it } from "vitest";
import { planPrune } from "./prune-plan";

describe("planPrune", () => {
  it("removes the registrations of managed apps no longer related, the last one too", () => {
    expect(planPrune(["radarr", "sonarr"], ["sonarr"])).toEqual({ remove: ["radarr"], managed: ["sonarr"] });
    expect(planPrune(["sonarr"], [])).toEqual({ remove: ["sonarr"], managed: [] });
  });

  it("manages every related app, and never anything else (hand-added applications)", () => {
    expect(planPrune([], ["radarr"])).toEqual({ remove: [], managed: ["radarr"] });
    expect(planPrune(["radarr"], ["radarr"])).toEqual({ remove: [], managed: ["radarr"] });
  });

  it("removes the app of the relation being broken even if the record lost it", () => {
    expect(planPrune([], ["radarr", "sonarr"], "radarr")).toEqual({
      remove: ["radarr"],
      managed: ["sonarr"],
    });
  });
});
