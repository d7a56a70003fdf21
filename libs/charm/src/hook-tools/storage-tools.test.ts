import { describe, expect, it } from "vitest";
import { jsonOutput, jujuError, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { InvalidArgumentError, NotFoundError, UnexpectedOutputError } from "./hook-tool-error";
import { HookTools } from "./hook-tools";

describe("storage tools", () => {
  it("storage-get reads kind and location, of the hook's storage or a given one", async () => {
    const info = { kind: "filesystem", location: "/var/lib/juju/storage/data/0" };
    const runner = new RecordingToolRunner({ "storage-get": jsonOutput(info) });
    const tools = new HookTools(runner);
    await expect(tools.storageGet()).resolves.toEqual(info);
    await expect(tools.storageGet("data/0")).resolves.toEqual(info);
    expect(runner.calls.map((c) => c.args)).toEqual([["--format=json"], ["--format=json", "-s", "data/0"]]);
  });

  it("storage-list lists ids, null as none", async () => {
    const runner = new RecordingToolRunner({ "storage-list": jsonOutput(["data/0"]) });
    const tools = new HookTools(runner);
    await expect(tools.storageList("data")).resolves.toEqual(["data/0"]);
    expect(runner.onlyCall.args).toEqual(["--format=json", "data"]);
    runner.answer("storage-list", jsonOutput(null));
    await expect(tools.storageList()).resolves.toEqual([]);
  });

  it("storage-add asks for name=count", async () => {
    const runner = new RecordingToolRunner();
    const tools = new HookTools(runner);
    await tools.storageAdd("data");
    await tools.storageAdd("logs", 2);
    expect(runner.calls.map((c) => c.args)).toEqual([["data=1"], ["logs=2"]]);
    await expect(tools.storageAdd("data", 0)).rejects.toThrow(InvalidArgumentError);
  });
});

describe("resource-get", () => {
  it("returns the path, trimmed", async () => {
    const runner = new RecordingToolRunner({
      "resource-get": { stdout: "/var/lib/juju/resources/app-image\n" },
    });
    await expect(new HookTools(runner).resourceGet("app-image")).resolves.toBe(
      "/var/lib/juju/resources/app-image",
    );
    expect(runner.onlyCall.args).toEqual(["app-image"]);
  });

  it("fails on a missing resource or an empty answer", async () => {
    const runner = new RecordingToolRunner({ "resource-get": jujuError('resource "x" not found') });
    const tools = new HookTools(runner);
    await expect(tools.resourceGet("x")).rejects.toThrow(NotFoundError);
    runner.answer("resource-get", { stdout: "\n" });
    await expect(tools.resourceGet("x")).rejects.toThrow(UnexpectedOutputError);
  });
});
