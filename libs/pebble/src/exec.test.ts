import { describe, expect, it } from "vitest";
import type { ExecContext } from "../testing/fake-exec";
import { useWireFormatServer } from "../testing/use-wire-format-server";
import { jsonBody } from "../testing/wire-format-server";
import { sendAsync } from "../testing/wire-responses";
import { ExecError, PebbleApiError, PebbleChangeError } from "./pebble-errors";

const t = useWireFormatServer();

function script(
  name: string,
  run: (
    context: ExecContext,
  ) =>
    | { exitCode: number; stdout?: string | Buffer; stderr?: string | Buffer }
    | Promise<{ exitCode: number; stdout?: string; stderr?: string }>,
) {
  const seen: ExecContext[] = [];
  t.server.exec.handlers.set(name, (context) => {
    seen.push(context);
    return run(context);
  });
  return seen;
}

describe("exec", () => {
  it("sends stdin, reads stdout and stderr, and returns the exit code", async () => {
    const seen = script("tr", (c) => ({
      exitCode: 0,
      stdout: c.stdin.toString().toUpperCase(),
      stderr: "warning: shouting\n",
    }));
    const result = await t.client.exec(["tr", "a-z", "A-Z"], { stdin: "hello pebble\n" });
    expect(result).toEqual({ exitCode: 0, stdout: "HELLO PEBBLE\n", stderr: "warning: shouting\n" });
    expect(seen[0]?.stdin.toString()).toBe("hello pebble\n");

    const requests = t.server.requests.map(
      (r) => `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ""}`,
    );
    expect(requests).toEqual([
      "POST /v1/exec",
      "GET /v1/tasks/1/websocket/control",
      "GET /v1/tasks/1/websocket/stdio",
      "GET /v1/tasks/1/websocket/stderr",
      "GET /v1/changes/1/wait?timeout=30.000s",
    ]);
    expect(t.server.requests[1]?.headers.upgrade).toBe("websocket");
    expect(jsonBody(t.server.requests[0]!)).toEqual({
      command: ["tr", "a-z", "A-Z"],
      environment: {},
      terminal: false,
      interactive: false,
      "split-stderr": true,
    });
  });

  it("passes environment, working dir, user, group, service context and timeout", async () => {
    const seen = script("env", () => ({ exitCode: 0 }));
    await t.client.exec(["env"], {
      environment: { HOME: "/config" },
      workingDir: "/app",
      userId: 1000,
      user: "app",
      groupId: 1000,
      group: "app",
      serviceContext: "radarr",
      timeoutMs: 2_500,
    });
    expect(jsonBody(t.server.requests[0]!)).toEqual({
      command: ["env"],
      environment: { HOME: "/config" },
      terminal: false,
      interactive: false,
      "split-stderr": true,
      "service-context": "radarr",
      "working-dir": "/app",
      timeout: "2.500s",
      "user-id": 1000,
      user: "app",
      "group-id": 1000,
      group: "app",
    });
    expect(seen[0]).toMatchObject({
      environment: { HOME: "/config" },
      workingDir: "/app",
      userId: 1000,
      group: "app",
    });
    // The wait outlives the command's own time-out by a second.
    expect(t.server.requestsTo("/v1/changes/1/wait")[0]?.query.get("timeout")).toBe("3.500s");
  });

  it("returns a non-zero exit from exec, and execOrThrow raises ExecError with the output", async () => {
    script("false", () => ({ exitCode: 3, stdout: "partial", stderr: "bad thing\n" }));
    expect(await t.client.exec(["false"])).toEqual({ exitCode: 3, stdout: "partial", stderr: "bad thing\n" });
    const error = (await t.client.execOrThrow(["false", "--flag"]).catch((e: unknown) => e)) as ExecError;
    expect(error).toBeInstanceOf(ExecError);
    expect([error.exitCode, error.stdout, error.stderr, error.command]).toEqual([
      3,
      "partial",
      "bad thing\n",
      ["false", "--flag"],
    ]);
    expect(error.message).toBe('command ["false","--flag"] exited with code 3');
    expect(await t.client.execOrThrow(["false"]).catch(() => "threw")).toBe("threw");
  });

  it("returns the result of execOrThrow on success", async () => {
    script("true", () => ({ exitCode: 0, stdout: "ok" }));
    expect(await t.client.execOrThrow(["true"])).toEqual({ exitCode: 0, stdout: "ok", stderr: "" });
  });

  it("ends stdin even when none is given, and carries large binary stdin intact", async () => {
    const seen = script("cat", (c) => ({ exitCode: 0, stdout: `${c.stdin.length}` }));
    expect((await t.client.exec(["cat"])).stdout).toBe("0");
    const big = Buffer.alloc(300_000, 0);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    expect((await t.client.exec(["cat"], { stdin: big })).stdout).toBe("300000");
    expect(seen[1]?.stdin.equals(big)).toBe(true);
  });

  it("combines stderr into stdout without a stderr websocket", async () => {
    script("both", () => ({ exitCode: 0, stdout: "out;", stderr: "err;" }));
    expect(await t.client.exec(["both"], { combineStderr: true })).toEqual({
      exitCode: 0,
      stdout: "out;err;",
      stderr: "",
    });
    expect(jsonBody(t.server.requests[0]!)["split-stderr"]).toBe(false);
    expect(t.server.requests.some((r) => r.path.endsWith("/stderr"))).toBe(false);
  });

  it("reports a command Pebble cannot find as PebbleApiError", async () => {
    const error = (await t.client.exec(["nope"]).catch((e: unknown) => e)) as PebbleApiError;
    expect(error).toBeInstanceOf(PebbleApiError);
    expect([error.statusCode, error.message]).toEqual([400, 'cannot find executable "nope"']);
    await expect(t.client.exec([])).rejects.toThrow("must specify command");
  });

  it("raises PebbleChangeError when Pebble's time-out kills the command", async () => {
    script("sleep", () => new Promise(() => {}));
    const error = (await t.client
      .exec(["sleep", "10"], { timeoutMs: 100 })
      .catch((e: unknown) => e)) as PebbleChangeError;
    expect(error).toBeInstanceOf(PebbleChangeError);
    expect(error.message).toBe(
      'cannot perform the following tasks:\n- Execute command "sleep" (timed out after 100ms: context deadline exceeded)',
    );
    expect(error.change.tasks[0]?.data).toEqual({ "exit-code": -1 });
  });

  it("reports a refused websocket upgrade with Pebble's error envelope", async () => {
    t.server.intercept((r, res) => {
      if (r.path !== "/v1/exec") return false;
      sendAsync(res, "77", { "task-id": "999", environment: {}, "working-dir": "" });
      return true;
    });
    const error = (await t.client.exec(["anything"]).catch((e: unknown) => e)) as PebbleApiError;
    expect(error).toBeInstanceOf(PebbleApiError);
    expect([error.statusCode, error.message]).toEqual([404, 'cannot find task with id "999"']);
  });

  it("sends no control messages of its own during a normal run", async () => {
    script("true", () => ({ exitCode: 0 }));
    await t.client.exec(["true"]);
    expect(t.server.exec.controlMessages).toEqual([]);
  });
});
