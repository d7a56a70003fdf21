import { describe, expect, it } from "vitest";
import { jsonOutput, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { plannedUnits } from "./goal-state-tools";
import { HookTools } from "./hook-tools";

describe("goal-state", () => {
  it("reads units and relations", async () => {
    const since = "2025-01-01T00:00:00Z";
    const runner = new RecordingToolRunner({
      "goal-state": jsonOutput({
        units: { "radarr/0": { status: "active", since } },
        relations: {
          "media-indexer": { prowlarr: { status: "joined", since }, "prowlarr/0": { status: "active" } },
        },
      }),
    });
    await expect(new HookTools(runner).goalState()).resolves.toEqual({
      units: { "radarr/0": { status: "active", since } },
      relations: {
        "media-indexer": { prowlarr: { status: "joined", since }, "prowlarr/0": { status: "active" } },
      },
    });
    expect(runner.onlyCall.args).toEqual(["--format=json"]);
  });

  it("reads missing sections as empty", async () => {
    const runner = new RecordingToolRunner({ "goal-state": jsonOutput({ units: null }) });
    await expect(new HookTools(runner).goalState()).resolves.toEqual({ units: {}, relations: {} });
  });

  it("plans the units that are not dying", () => {
    const units = { "s/0": { status: "active" }, "s/1": { status: "dying" }, "s/2": { status: "waiting" } };
    expect(plannedUnits({ units, relations: {} })).toBe(2);
    expect(plannedUnits({ units: { "s/0": { status: "dying" } }, relations: {} })).toBe(0);
  });
});
