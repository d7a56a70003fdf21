import { describe, expect, it } from "vitest";
import { jsonOutput, jujuError, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { actionResultArgs } from "./action-results";
import { InvalidArgumentError, ModelError } from "./hook-tool-error";
import { HookTools } from "./hook-tools";

describe("action-get", () => {
  it("reads all params, null as {}", async () => {
    const runner = new RecordingToolRunner({
      "action-get": jsonOutput({ name: "Ada", opts: { loud: true } }),
    });
    const tools = new HookTools(runner);
    await expect(tools.actionGet()).resolves.toEqual({ name: "Ada", opts: { loud: true } });
    expect(runner.onlyCall.args).toEqual(["--format=json"]);
    runner.answer("action-get", jsonOutput(null));
    await expect(tools.actionGet()).resolves.toEqual({});
  });

  it("reads one dotted key", async () => {
    const runner = new RecordingToolRunner({ "action-get": jsonOutput(true) });
    await expect(new HookTools(runner).actionGetKey("opts.loud")).resolves.toBe(true);
    expect(runner.onlyCall.args).toEqual(["--format=json", "opts.loud"]);
  });

  it("fails outside an action", async () => {
    const runner = new RecordingToolRunner({ "action-get": jujuError("not running an action") });
    await expect(new HookTools(runner).actionGet()).rejects.toThrow(ModelError);
  });
});

describe("action-set", () => {
  it("flattens nested results into dotted keys, values as text", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).actionSet({
      greeting: "hello hello, Ada",
      result: { count: 2, ok: true, "new-revision": { id: "x=y" } },
      list: [1, "a"],
      "pre.dotted": "v",
      skipped: undefined,
    });
    expect(runner.onlyCall).toEqual({
      tool: "action-set",
      args: [
        "greeting=hello hello, Ada",
        "result.count=2",
        "result.ok=true",
        "result.new-revision.id=x=y",
        'list=[1,"a"]',
        "pre.dotted=v",
      ],
      input: undefined,
    });
  });

  it("makes no call for no results", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).actionSet({ nothing: undefined });
    expect(runner.calls).toEqual([]);
  });

  it.each([
    [{ stdout: "x" }, /"stdout" is reserved/],
    [{ "stderr-encoding": "x" }, /"stderr-encoding" is reserved/],
    [{ stdout: { nested: "x" } }, /"stdout.nested" is reserved/],
    [{ Upper: "x" }, /"Upper" not valid/],
    [{ "-lead": "x" }, /"-lead" not valid/],
    [{ "trail-": "x" }, /"trail-" not valid/],
    [{ a: { "b c": "x" } }, /"a.b c" not valid/],
    [{ "a..b": "x" }, /"a..b" not valid/],
  ])("rejects %j before calling", async (results, message) => {
    const runner = new RecordingToolRunner();
    await expect(new HookTools(runner).actionSet(results)).rejects.toThrow(message);
    expect(runner.calls).toEqual([]);
    expect(() => actionResultArgs(results)).toThrow(InvalidArgumentError);
  });

  it("keeps stdout allowed below the top level", () => {
    expect(actionResultArgs({ run: { stdout: "x" } })).toEqual(["run.stdout=x"]);
  });
});

describe("action-fail and action-log", () => {
  it("fails with a message after --, or without one", async () => {
    const runner = new RecordingToolRunner();
    const tools = new HookTools(runner);
    await tools.actionFail("-x went wrong");
    await tools.actionFail();
    expect(runner.calls.map((c) => [c.tool, c.args])).toEqual([
      ["action-fail", ["--", "-x went wrong"]],
      ["action-fail", []],
    ]);
  });

  it("logs progress after --", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).actionLog("rotating");
    expect(runner.onlyCall).toMatchObject({ tool: "action-log", args: ["--", "rotating"] });
  });
});
