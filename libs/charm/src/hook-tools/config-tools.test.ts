import { describe, expect, it } from "vitest";
import { jsonOutput, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { HookTools } from "./hook-tools";

describe("config-get", () => {
  it("reads the whole config with native JSON types", async () => {
    const runner = new RecordingToolRunner({
      "config-get": jsonOutput({ port: 8080, debug: false, name: "x" }),
    });
    await expect(new HookTools(runner).configGet()).resolves.toEqual({ port: 8080, debug: false, name: "x" });
    expect(runner.onlyCall).toEqual({ tool: "config-get", args: ["--format=json"], input: undefined });
  });

  it("passes --all and keeps the nulls of unset options", async () => {
    const runner = new RecordingToolRunner({ "config-get": jsonOutput({ token: null }) });
    await expect(new HookTools(runner).configGet({ all: true })).resolves.toEqual({ token: null });
    expect(runner.onlyCall.args).toEqual(["--format=json", "--all"]);
  });

  it("reads one key, undefined when Juju prints null for an unknown key", async () => {
    const runner = new RecordingToolRunner({ "config-get": jsonOutput("weekly") });
    const tools = new HookTools(runner);
    await expect(tools.configGetKey("rotation-interval")).resolves.toBe("weekly");
    expect(runner.onlyCall.args).toEqual(["--format=json", "rotation-interval"]);
    runner.answer("config-get", jsonOutput(null));
    await expect(tools.configGetKey("nope")).resolves.toBeUndefined();
  });

  it("treats an empty config (null) as {}", async () => {
    const runner = new RecordingToolRunner({ "config-get": { stdout: "null\n" } });
    await expect(new HookTools(runner).configGet()).resolves.toEqual({});
  });
});
