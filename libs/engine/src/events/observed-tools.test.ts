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

  it("records what each call printed, stdout and stderr bounded to 64 KiB each", async () => {
    const big = "x".repeat(70_000);
    const printing: ToolRunner = {
      run: async (tool): Promise<ToolOutput> =>
        tool === "big"
          ? { stdout: big, stderr: "", exitCode: 0 }
          : { stdout: "out\n", stderr: "ERROR e\n", exitCode: 1 },
    };
    const fault = { unit: "a/0", tool: "faulty", nth: 1, output: { stdout: "faked\n" } };
    const tools = new ObservedTools(printing, [fault]);
    expect((await tools.run("big", [])).stdout).toBe(big); // the hook gets all of it
    await tools.run("small", []);
    await tools.run("faulty", []);
    expect(tools.calls[0]).toMatchObject({ stdout: "x".repeat(65_536), stderr: "", outputTruncated: true });
    expect(tools.calls[1]).toEqual({
      tool: "small",
      args: [],
      exitCode: 1,
      stdout: "out\n",
      stderr: "ERROR e\n",
    });
    expect(tools.calls[2]).toMatchObject({ stdout: "faked\n", stderr: "", fault: "fail" });
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
      { tool: "a", args: [], exitCode: 0, stdout: "", stderr: "" },
      { tool: "late", args: [], exitCode: 1, stdout: "", stderr: "ERROR late\n", refused: true as const },
      { tool: "b", args: [], exitCode: 1, stdout: "", stderr: "" },
    ];
    const observed = [
      { tool: "a", args: [], exitCode: 0, stdout: "", stderr: "" },
      { tool: "b", args: [], exitCode: 1, stdout: "", stderr: "", fault: "fail" as const },
    ];
    expect(markFailFaults(served, observed).map((c) => c.fault)).toEqual([undefined, undefined, "fail"]);
  });
});
