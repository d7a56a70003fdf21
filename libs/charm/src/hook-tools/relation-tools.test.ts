import { describe, expect, it } from "vitest";
import { jsonOutput, jujuError, RecordingToolRunner } from "../../testing/recording-tool-runner";
import {
  InvalidArgumentError,
  NotLeaderError,
  RelationNotFoundError,
  UnexpectedOutputError,
} from "./hook-tool-error";
import { HookTools } from "./hook-tools";
import { parseRelationId } from "./relation-id";

const setup = (answers: ConstructorParameters<typeof RecordingToolRunner>[0] = {}) => {
  const runner = new RecordingToolRunner(answers);
  return { runner, tools: new HookTools(runner) };
};

describe("relation-ids", () => {
  it("returns the ids as Juju prints them", async () => {
    const { runner, tools } = setup({ "relation-ids": jsonOutput(["db:3", "db:7"]) });
    await expect(tools.relationIds("db")).resolves.toEqual(["db:3", "db:7"]);
    expect(runner.onlyCall.args).toEqual(["--format=json", "db"]);
  });

  it("reads null as no relations, and defaults to the current endpoint", async () => {
    const { runner, tools } = setup({ "relation-ids": jsonOutput(null) });
    await expect(tools.relationIds()).resolves.toEqual([]);
    expect(runner.onlyCall.args).toEqual(["--format=json"]);
  });

  it("parses ep:N and N into the number", () => {
    expect(parseRelationId("db:3")).toBe(3);
    expect(parseRelationId("media-indexer:12")).toBe(12);
    expect(parseRelationId("7")).toBe(7);
    expect(() => parseRelationId("db:")).toThrow(InvalidArgumentError);
    expect(() => parseRelationId("db:x")).toThrow(InvalidArgumentError);
  });
});

describe("relation-list", () => {
  it("lists remote units of a relation given by number or ep:N", async () => {
    const { runner, tools } = setup({ "relation-list": jsonOutput(["radarr/0", "radarr/1"]) });
    await expect(tools.relationList(3)).resolves.toEqual(["radarr/0", "radarr/1"]);
    await tools.relationList("db:3");
    expect(runner.calls.map((c) => c.args)).toEqual([
      ["--format=json", "-r", "3"],
      ["--format=json", "-r", "db:3"],
    ]);
  });

  it("gives the remote app as a string with --app", async () => {
    const { runner, tools } = setup({ "relation-list": jsonOutput("radarr") });
    await expect(tools.relationListApp(3)).resolves.toBe("radarr");
    expect(runner.onlyCall.args).toEqual(["--format=json", "-r", "3", "--app"]);
  });

  it("rejects a relation id that is not one, before calling", async () => {
    const { runner, tools } = setup();
    await expect(tools.relationList(-1)).rejects.toThrow(InvalidArgumentError);
    await expect(tools.relationList(1.5)).rejects.toThrow(InvalidArgumentError);
    await expect(tools.relationList("--app")).rejects.toThrow(InvalidArgumentError);
    expect(runner.calls).toEqual([]);
  });

  it("maps an unknown relation to RelationNotFoundError", async () => {
    const { tools } = setup({
      "relation-list": jujuError('invalid value "9" for option -r: relation not found', 2),
    });
    await expect(tools.relationList(9)).rejects.toThrow(RelationNotFoundError);
  });
});

describe("relation-get", () => {
  it("reads every key of a unit bag", async () => {
    const { runner, tools } = setup({
      "relation-get": jsonOutput({ "ingress-address": "10.0.0.1", url: "http://x" }),
    });
    await expect(tools.relationGet(3, "radarr/0")).resolves.toEqual({
      "ingress-address": "10.0.0.1",
      url: "http://x",
    });
    expect(runner.onlyCall.args).toEqual(["--format=json", "-r", "3", "-", "radarr/0"]);
  });

  it("reads an app bag with --app", async () => {
    const { runner, tools } = setup({ "relation-get": jsonOutput({ "api-key-secret-id": "secret:x" }) });
    await tools.relationGet("media-indexer:4", "prowlarr", { app: true });
    expect(runner.onlyCall.args).toEqual([
      "--format=json",
      "-r",
      "media-indexer:4",
      "--app",
      "-",
      "prowlarr",
    ]);
  });

  it("reads an empty bag (null) as {}", async () => {
    const { tools } = setup({ "relation-get": jsonOutput(null) });
    await expect(tools.relationGet(3, "radarr")).resolves.toEqual({});
  });

  it("keeps a remote __proto__ key as plain data", async () => {
    const { tools } = setup({ "relation-get": { stdout: '{"__proto__":"x","a":"b"}' } });
    const bag = await tools.relationGet(3, "radarr/0");
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
    expect(Object.keys(bag)).toEqual(["__proto__", "a"]);
  });

  it("rejects non-string values as unexpected output", async () => {
    const { tools } = setup({ "relation-get": jsonOutput({ port: 8080 }) });
    await expect(tools.relationGet(3, "radarr/0")).rejects.toThrow(UnexpectedOutputError);
    await expect(tools.relationGet(3, "radarr/0")).rejects.toThrow("databag.port: expected a string");
  });

  it("says when the output is not JSON", async () => {
    const { tools } = setup({ "relation-get": { stdout: "url: x\n" } });
    await expect(tools.relationGet(3, "radarr/0")).rejects.toThrow("relation-get: output is not JSON");
  });
});

describe("relation-set", () => {
  it("sends the map as JSON on stdin, never on argv", async () => {
    const { runner, tools } = setup();
    await tools.relationSet(3, { url: "http://radarr:7878", old: "" });
    expect(runner.onlyCall).toEqual({
      tool: "relation-set",
      args: ["-r", "3", "--file", "-"],
      input: '{"url":"http://radarr:7878","old":""}',
    });
  });

  it("writes the app bag with --app, and maps a non-leader refusal", async () => {
    const { runner, tools } = setup({ "relation-set": jujuError("cannot write relation settings") });
    await expect(tools.relationSet("db:3", { a: "b" }, { app: true })).rejects.toThrow(NotLeaderError);
    expect(runner.onlyCall.args).toEqual(["-r", "db:3", "--app", "--file", "-"]);
  });

  it("refuses non-string values before calling", async () => {
    const { runner, tools } = setup();
    await expect(tools.relationSet(3, { port: 8080 as unknown as string })).rejects.toThrow(
      'relation data value for key "port" is not a string',
    );
    expect(runner.calls).toEqual([]);
  });
});

describe("relation-model-get", () => {
  it("reads the remote model's uuid", async () => {
    const { runner, tools } = setup({ "relation-model-get": jsonOutput({ uuid: "abc" }) });
    await expect(tools.relationModelGet(3)).resolves.toEqual({ uuid: "abc" });
    expect(runner.onlyCall.args).toEqual(["--format=json", "-r", "3"]);
  });
});
