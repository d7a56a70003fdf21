import type { ToolOutput, ToolRunner } from "@charmarr/charm";
import { describe, expect, it } from "vitest";
import { markFailFaults, ObservedTools } from "./observed-tools";

const ok: ToolRunner = { run: async (): Promise<ToolOutput> => ({ stdout: "x\n", stderr: "", exitCode: 0 }) };

describe("ObservedTools", () => {
  it("records calls and answers the nth matching call from a fault, once", async () => {
    const fault = { unit: "a/0", tool: "config-get", nth: 2, output: { stderr: "ERROR no\n" } };
    const tools = new ObservedTools(ok, [fault]);
    await tools.run("is-leader", []);
    await tools.run("config-get", ["a"]);
    expect(await tools.run("config-get", ["b"])).toEqual({ stdout: "", stderr: "ERROR no\n", exitCode: 1 });
    await tools.run("config-get", ["c"]);
    expect(tools.calls.map((c) => [c.tool, c.args[0], c.exitCode, c.fault])).toEqual([
      ["is-leader", undefined, 0, undefined],
      ["config-get", "a", 0, undefined],
      ["config-get", "b", 1, "fail"],
      ["config-get", "c", 0, undefined],
    ]);
    expect(tools.fired).toEqual([fault]);
  });

  it("knows when the hook set its unit's status (not the application's)", async () => {
    const tools = new ObservedTools(ok, []);
    await tools.run("status-set", ["--application=True", "active"]);
    expect(tools.unitStatusSet).toBe(false);
    await tools.run("status-set", ["--application=False", "active"]);
    expect(tools.unitStatusSet).toBe(true);
  });

  it("marks fail faults on the tool server's records, skipping refused calls", () => {
    const served = [
      { tool: "a", args: [], exitCode: 0 },
      { tool: "late", args: [], exitCode: 1, refused: true as const },
      { tool: "b", args: [], exitCode: 1 },
    ];
    const observed = [
      { tool: "a", args: [], exitCode: 0 },
      { tool: "b", args: [], exitCode: 1, fault: "fail" as const },
    ];
    expect(markFailFaults(served, observed).map((c) => c.fault)).toEqual([undefined, undefined, "fail"]);
  });
});
