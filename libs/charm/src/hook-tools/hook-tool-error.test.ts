import { describe, expect, it } from "vitest";
import {
  HookToolError,
  hookToolError,
  ModelError,
  NotFoundError,
  NotLeaderError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
  UsageError,
} from "./hook-tool-error";

const failed = (stderr: string, exitCode = 1) => ({ stdout: "", stderr, exitCode });

describe("hookToolError", () => {
  it.each([
    [
      "relation-get",
      failed('ERROR invalid value "9" for option -r: relation not found\n', 2),
      RelationNotFoundError,
    ],
    ["relation-list", failed("ERROR unknown relation id 9\n"), RelationNotFoundError],
    ["secret-get", failed("ERROR specify one of --peek or --refresh but not both\n", 2), UsageError],
    ["secret-add", failed("ERROR this unit is not the leader\n"), NotLeaderError],
    ["relation-set", failed("ERROR cannot write relation settings\n"), NotLeaderError],
    ["secret-get", failed("ERROR permission denied\n"), PermissionDeniedError],
    ["secret-get", failed('ERROR secret "9m4e2mr0ui3e8a215n4g" not found\n'), SecretNotFoundError],
    ["secret-get", failed('ERROR secret key value "password" not found\n'), SecretNotFoundError],
    ["state-get", failed('ERROR key "k" not found\n'), NotFoundError],
    ["credential-get", failed("ERROR cannot access cloud credentials\n"), ModelError],
  ])("maps %s failing with %j", (tool, output, expected) => {
    const error = hookToolError(tool, ["--format=json"], output);
    expect(error).toBeInstanceOf(expected);
    expect(error).toBeInstanceOf(HookToolError);
    expect(error.name).toBe(expected.name);
  });

  it("keeps a generic not-found from a non-secret tool out of the secret class", () => {
    expect(hookToolError("storage-get", [], failed('ERROR storage "x" not found\n'))).not.toBeInstanceOf(
      SecretNotFoundError,
    );
  });

  it("strips Juju's ERROR prefix for the message and keeps tool, args, exit code and stderr", () => {
    const error = hookToolError("relation-ids", ["--format=json", "db"], failed("ERROR permission denied\n"));
    expect(error.message).toBe("relation-ids: permission denied");
    expect(error).toMatchObject({
      tool: "relation-ids",
      args: ["--format=json", "db"],
      exitCode: 1,
      stderr: "ERROR permission denied\n",
    });
  });

  it("says which exit code when the tool printed nothing", () => {
    expect(hookToolError("is-leader", [], failed("", 1)).message).toBe("is-leader: exited with code 1");
  });

  it("never keeps content values from argv", () => {
    const error = hookToolError(
      "action-set",
      ["password=hunter2", "nested.key=v=w", "--flag=kept"],
      failed("ERROR boom\n"),
    );
    expect(error.args).toEqual(["password=<redacted>", "nested.key=<redacted>", "--flag=kept"]);
    const add = hookToolError(
      "secret-add",
      ["--owner=application", "token#file=/tmp/x/token", "k=v"],
      failed("E"),
    );
    expect(add.args).toEqual(["--owner=application", "token#file=/tmp/x/token", "k=<redacted>"]);
  });
});
