import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChangeJson, startTestServer, type TestServer } from "../../testing/pebble-server/test-support";

describe("exec API", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    mkdirSync(join(t.rootDir, "work"));
  });
  afterAll(() => t.dispose());

  it("streams stdin, stdout and stderr and reports the exit code", async () => {
    const result = await t.client.exec(["sh", "-c", "cat; echo out; echo err >&2; exit 7"], {
      stdin: "piped input\n",
    });
    expect(result).toMatchObject({ exitCode: 7, stdout: "piped input\nout\n", stderr: "err\n" });
    // A non-zero exit is not a change error.
    expect(result.change).toMatchObject({ kind: "exec", summary: 'Execute command "sh"', status: "Done" });
    expect(result.change.err).toBeUndefined();
    expect(result.change.tasks?.[0]?.data).toEqual({ "exit-code": 7 });
  });

  it("combines stderr into stdio when not split", async () => {
    const result = await t.client.exec(["sh", "-c", "echo a; echo b >&2"], { splitStderr: false });
    expect(result.stdout.split("\n").sort()).toEqual(["", "a", "b"]);
    expect(result.exitCode).toBe(0);
  });

  it("passes environment and working directory, with Pebble's defaults", async () => {
    const res = await t.client.post<{
      environment: Record<string, string>;
      "working-dir": string;
      "task-id": string;
    }>("/v1/exec", { command: ["true"], environment: { FOO: "bar" } });
    expect(res.httpStatus).toBe(202);
    expect(res.result?.environment).toMatchObject({
      FOO: "bar",
      HOME: "/root",
      USER: "root",
      LANG: "C.UTF-8",
    });
    expect(res.result?.environment.PATH).toBeTruthy();
    expect(res.result?.["working-dir"]).toBe("/root");
    await t.client.post(`/v1/changes/${res.change}`, { action: "abort" });

    const result = await t.client.exec(["sh", "-c", 'echo "$FOO:$(pwd)"'], {
      environment: { FOO: "bar" },
      workingDir: "/work",
    });
    expect(result.stdout).toBe(`bar:${join(t.rootDir, "work")}\n`);
  });

  it("takes environment and working directory from a service context", async () => {
    await t.client.addLayer(
      "ctx",
      "services:\n  app:\n    override: replace\n    command: sleep 1\n    environment: {A: from-service, B: service}\n    working-dir: /work\n",
    );
    const result = await t.client.exec(["sh", "-c", 'echo "$A $B $(pwd)"'], {
      serviceContext: "app",
      environment: { B: "request" },
    });
    expect(result.stdout).toBe(`from-service request ${join(t.rootDir, "work")}\n`);
    const missing = await t.client.post("/v1/exec", { command: ["true"], "service-context": "ghost" });
    expect(missing.result).toEqual({ message: 'context service "ghost" not found' });
  });

  it("kills a command at its timeout and fails the change", async () => {
    const result = await t.client.exec(["sleep", "10"], { timeout: "200ms" });
    expect(result.exitCode).toBe(-1);
    expect(result.change.status).toBe("Error");
    expect(result.change.err).toBe(
      'cannot perform the following tasks:\n- Execute command "sleep" (timed out after 200ms: context deadline exceeded)',
    );
  });

  it("validates the request up front", async () => {
    expect((await t.client.post("/v1/exec", { command: [] })).result).toEqual({
      message: "must specify command",
    });
    expect((await t.client.post("/v1/exec", { command: ["no-such-tool-xyz"] })).result).toEqual({
      message: 'cannot find executable "no-such-tool-xyz"',
    });
    expect((await t.client.post("/v1/exec", { command: ["true"], timeout: "forever" })).result).toEqual({
      message: 'invalid timeout: time: invalid duration "forever"',
    });
    expect(await t.client.post("/v1/exec", { command: ["true"], "working-dir": "/nowhere" })).toMatchObject({
      httpStatus: 500,
      result: { message: 'cannot call exec: working directory "/nowhere" does not exist' },
    });
    expect((await t.client.post("/v1/exec", { command: ["true"], user: "nobody-xyz" })).result).toEqual({
      message: "user: unknown user nobody-xyz",
    });
  });

  it("fails the task, still ending the streams, when the command cannot start", async () => {
    await t.client.post("/v1/files", { action: "make-dirs", dirs: [{ path: "/vanishing" }] });
    const res = await t.client.post<{ "task-id": string }>("/v1/exec", {
      command: ["true"],
      "working-dir": "/vanishing",
    });
    await t.client.post("/v1/files", { action: "remove", paths: [{ path: "/vanishing" }] });
    const taskId = res.result?.["task-id"] as string;
    const stdio = await t.client.websocket(taskId, "stdio");
    const change = await t.client.waitChange(res.change as string);
    expect(change.err).toBe(
      'cannot perform the following tasks:\n- Execute command "true" (chdir /vanishing: no such file or directory)',
    );
    expect(await stdio.output).toBe("");
    expect(stdio.textFrames).toEqual(['{"command":"end"}']);
    expect(change.tasks?.[0]?.data).toEqual({ "exit-code": -1 });
    stdio.ws.close();
  });

  it("checks websocket requests", async () => {
    await expect(t.client.websocket("9999", "stdio")).rejects.toThrow("HTTP 404");
    const res = await t.client.post<{ "task-id": string }>("/v1/exec", {
      command: ["cat"],
      "split-stderr": false,
    });
    const taskId = res.result?.["task-id"] as string;
    await expect(t.client.websocket(taskId, "stderr")).rejects.toThrow("HTTP 404");
    const stdio = await t.client.websocket(taskId, "stdio");
    await expect(t.client.websocket(taskId, "stdio")).rejects.toThrow("HTTP 500");
    const notUpgraded = await t.client.get(`/v1/tasks/${taskId}/websocket/control`);
    expect(notUpgraded.httpStatus).toBe(400);
    stdio.ws.send(JSON.stringify({ command: "end" }));
    const change = await t.client.waitChange(res.change as string);
    expect(change.tasks?.[0]?.data).toEqual({ "exit-code": 0 });
    stdio.ws.close();
  });

  it("forwards signals from the control websocket", async () => {
    const res = await t.client.post<{ "task-id": string }>("/v1/exec", {
      command: ["sh", "-c", "trap 'echo got-term; exit 5' TERM; echo ready; while :; do sleep 0.05; done"],
    });
    const taskId = res.result?.["task-id"] as string;
    const control = await t.client.websocket(taskId, "control");
    const stdio = await t.client.websocket(taskId, "stdio");
    // The trap is set once the command says so: signal it then, not after a guessed delay.
    await stdio.until("ready\n");
    control.ws.send(JSON.stringify({ command: "signal", signal: { name: "SIGTERM" } }));
    const change: ChangeJson = await t.client.waitChange(res.change as string);
    expect(change.tasks?.[0]?.data).toEqual({ "exit-code": 5 });
    expect(await stdio.output).toBe("ready\ngot-term\n");
    stdio.ws.close();
  });

  it("fails the task when the I/O websockets never connect", { timeout: 15_000 }, async () => {
    const res = await t.client.post<{ "task-id": string }>("/v1/exec", { command: ["true"] });
    const change = await t.client.waitChange(res.change as string);
    expect(change.err).toBe(
      `cannot perform the following tasks:\n- Execute command "true" (exec ${res.result?.["task-id"]}: timeout waiting for websocket connections: context deadline exceeded)`,
    );
  });
});
