import { describe, expect, it } from "vitest";
import { jsonOutput, jujuError, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { InvalidArgumentError, NotLeaderError, UsageError } from "./hook-tool-error";
import { HookTools } from "./hook-tools";
import type { SettableStatus } from "./status-tools";

describe("status-set", () => {
  it("sets the unit status, the message after --", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).statusSet("blocked", "-x is not valid");
    expect(runner.onlyCall.args).toEqual(["--application=False", "blocked", "--", "-x is not valid"]);
  });

  it("sets the app status with --application=True, and leaves out an empty message", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).statusSet("active", "", { application: true });
    expect(runner.onlyCall.args).toEqual(["--application=True", "active"]);
  });

  it("refuses a status a charm cannot set, before calling", async () => {
    const runner = new RecordingToolRunner();
    await expect(new HookTools(runner).statusSet("error" as SettableStatus)).rejects.toThrow(
      InvalidArgumentError,
    );
    expect(runner.calls).toEqual([]);
  });

  it("maps Juju's usage error", async () => {
    const runner = new RecordingToolRunner({
      "status-set": jujuError('invalid status "x", expected one of [maintenance blocked waiting active]', 2),
    });
    await expect(new HookTools(runner).statusSet("active")).rejects.toThrow(UsageError);
  });
});

describe("status-get", () => {
  it("reads the unit status with its data", async () => {
    const runner = new RecordingToolRunner({
      "status-get": jsonOutput({ status: "active", message: "ready", "status-data": { a: 1 } }),
    });
    await expect(new HookTools(runner).statusGet()).resolves.toEqual({
      status: "active",
      message: "ready",
      data: { a: 1 },
    });
    expect(runner.onlyCall.args).toEqual(["--format=json", "--include-data"]);
  });

  it("reads the application status and its units", async () => {
    const unit = { status: "waiting", message: "", "status-data": {} };
    const runner = new RecordingToolRunner({
      "status-get": jsonOutput({
        "application-status": {
          status: "active",
          message: "ok",
          "status-data": null,
          units: { "app/0": unit },
        },
      }),
    });
    await expect(new HookTools(runner).statusGetApplication()).resolves.toEqual({
      status: "active",
      message: "ok",
      data: {},
      units: { "app/0": { status: "waiting", message: "", data: {} } },
    });
    expect(runner.onlyCall.args).toEqual(["--format=json", "--include-data", "--application"]);
  });

  it("maps a non-leader asking for the app status", async () => {
    const runner = new RecordingToolRunner({ "status-get": jujuError("this unit is not the leader") });
    await expect(new HookTools(runner).statusGetApplication()).rejects.toThrow(NotLeaderError);
  });
});

describe("application-version-set, is-leader, juju-log", () => {
  it("sets the version after --", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).applicationVersionSet("5.2.1");
    expect(runner.onlyCall).toMatchObject({ tool: "application-version-set", args: ["--", "5.2.1"] });
  });

  it("reads leadership as a boolean", async () => {
    const runner = new RecordingToolRunner({ "is-leader": { stdout: "true\n" } });
    const tools = new HookTools(runner);
    await expect(tools.isLeader()).resolves.toBe(true);
    runner.answer("is-leader", { stdout: "false\n" });
    await expect(tools.isLeader()).resolves.toBe(false);
    expect(runner.calls[0]!.args).toEqual(["--format=json"]);
    runner.answer("is-leader", { stdout: "True\n" }); // smart format: we always ask for JSON
    await expect(tools.isLeader()).rejects.toThrow("is-leader: output is not JSON");
  });

  it("logs with the level flag and the message after --", async () => {
    const runner = new RecordingToolRunner();
    await new HookTools(runner).jujuLog("WARNING", "--not a flag");
    expect(runner.onlyCall).toMatchObject({
      tool: "juju-log",
      args: ["--log-level", "WARNING", "--", "--not a flag"],
    });
  });
});
