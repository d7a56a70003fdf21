import { describe, expect, it } from "vitest";
import { jsonOutput, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { InvalidArgumentError } from "./hook-tool-error";
import { HookTools } from "./hook-tools";

describe("state tools", () => {
  it("state-get reads the store, null as {}", async () => {
    const runner = new RecordingToolRunner({ "state-get": jsonOutput({ phase: "rotating" }) });
    const tools = new HookTools(runner);
    await expect(tools.stateGet()).resolves.toEqual({ phase: "rotating" });
    expect(runner.onlyCall.args).toEqual(["--format=json"]);
    runner.answer("state-get", { stdout: "null\n" });
    await expect(tools.stateGet()).resolves.toEqual({});
  });

  it("state-get of one key: the value, or undefined for Juju's empty string", async () => {
    const runner = new RecordingToolRunner({ "state-get": jsonOutput("rotating") });
    const tools = new HookTools(runner);
    await expect(tools.stateGetKey("phase")).resolves.toBe("rotating");
    expect(runner.onlyCall.args).toEqual(["--format=json", "phase"]);
    runner.answer("state-get", jsonOutput(""));
    await expect(tools.stateGetKey("missing")).resolves.toBeUndefined();
  });

  it("state-set sends JSON on stdin", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).stateSet({ phase: "done", "pending-revision": "4" });
    expect(runner.onlyCall).toEqual({
      tool: "state-set",
      args: ["--file", "-"],
      input: '{"phase":"done","pending-revision":"4"}',
    });
  });

  it("state-delete deletes one key", async () => {
    const runner = new RecordingToolRunner();
    const tools = new HookTools(runner);
    await tools.stateDelete("phase");
    expect(runner.onlyCall).toMatchObject({ tool: "state-delete", args: ["phase"] });
    await expect(tools.stateDelete("--all")).rejects.toThrow(InvalidArgumentError);
  });
});
