import { lstatSync, readlinkSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CannedToolRunner,
  runTool,
  type UnitFixture,
  unitFixture,
} from "../../testing/unit-process/test-support";
import { newContextId } from "./context-id";
import { startToolServer } from "./tool-server";
import { decodeFrame, encodeFrame } from "./tool-wire";
import { HOOK_TOOL_NAMES, TOOL_CLIENT_NAME } from "./tools-dir";

let unit: UnitFixture;
let runner: CannedToolRunner;
let contextId: string;

beforeEach(async () => {
  unit = await unitFixture();
  runner = new CannedToolRunner({
    "config-get": { stdout: '{"greeting":"hello"}\n' },
    "relation-get": { stderr: "ERROR relation not found\n", exitCode: 1 },
    "status-set": { stderr: 'ERROR invalid status "bogus"\n', exitCode: 2 },
  });
  contextId = newContextId(unit.unit, "config-changed");
  unit.server.open(contextId, runner);
});

afterEach(() => unit.cleanup());

describe("the tools dir", () => {
  it("links every hook tool of contract §3 and §5 to the client, like Juju's jujuc symlinks", () => {
    for (const tool of HOOK_TOOL_NAMES) {
      expect(readlinkSync(join(unit.toolsDir, tool))).toBe(TOOL_CLIENT_NAME);
    }
    expect(lstatSync(join(unit.toolsDir, TOOL_CLIENT_NAME)).mode & 0o777).toBe(0o755);
    expect(unit.toolsDir.endsWith("/unit-hello-0")).toBe(true);
  });
});

describe("a hook-tool call", () => {
  it("carries argv exactly, spaces and '=' included, and prints what the runner answers", async () => {
    const args = ["--format=json", "key with spaces", "a=b=c", "", "ünï"];
    const out = await runTool(unit, contextId, "config-get", args);
    expect(out).toEqual({ stdout: '{"greeting":"hello"}\n', stderr: "", exitCode: 0 });
    expect(runner.calls).toEqual([{ tool: "config-get", args, input: undefined }]);
  });

  it("passes a JSON map on stdin for relation-set --file -", async () => {
    const json = JSON.stringify({ greeting: "hello hello", "multi-line": "a\nb" });
    const out = await runTool(
      unit,
      contextId,
      "relation-set",
      ["-r", "greetings:4", "--app", "--file", "-"],
      {
        kind: "pipe",
        input: json,
      },
    );
    expect(out.exitCode).toBe(0);
    expect(runner.calls[0]).toEqual({
      tool: "relation-set",
      args: ["-r", "greetings:4", "--app", "--file", "-"],
      input: json,
    });
    expect(unit.server.calls().at(-1)).toMatchObject({ tool: "relation-set", stdin: json, exitCode: 0 });
  });

  it("waits for a slow writer when the tool reads stdin (--file=-)", async () => {
    await runTool(unit, contextId, "state-set", ["--file=-"], {
      kind: "pipe",
      input: '{"k":"v"}',
      delayMs: 300,
    });
    expect(runner.calls[0]!.input).toBe('{"k":"v"}');
  });

  it("returns exit codes 1 and 2 with Juju's ERROR lines on stderr", async () => {
    expect(await runTool(unit, contextId, "relation-get", ["-r", "9", "-"])).toEqual({
      stdout: "",
      stderr: "ERROR relation not found\n",
      exitCode: 1,
    });
    expect(await runTool(unit, contextId, "status-set", ["bogus"])).toEqual({
      stdout: "",
      stderr: 'ERROR invalid status "bogus"\n',
      exitCode: 2,
    });
  });

  it("never reads a stdin the tool does not need, even an inherited pipe that stays open", async () => {
    const out = await runTool(unit, contextId, "is-leader", ["--format=json"], { kind: "open-pipe" });
    expect(out.exitCode).toBe(0);
    expect(runner.calls[0]!.input).toBeUndefined();
  });

  it("gives --file - an empty stdin when stdin is closed or /dev/null, as Juju's hooks have it", async () => {
    await runTool(unit, contextId, "relation-set", ["--file", "-"], { kind: "closed" });
    await runTool(unit, contextId, "relation-set", ["--file", "-"], { kind: "null" });
    expect(runner.calls.map((c) => c.input)).toEqual(["", ""]);
  });

  it("treats '--file -' after '--' as a value, not a stdin request", async () => {
    await runTool(unit, contextId, "juju-log", ["--", "--file", "-"], { kind: "open-pipe" });
    expect(runner.calls[0]!.input).toBeUndefined();
  });
});

describe("context ids", () => {
  it("refuses an unknown context id with exit 1 and Juju's error, without asking any runner", async () => {
    const stale = newContextId(unit.unit, "install");
    const out = await runTool(unit, stale, "is-leader", []);
    expect(out).toEqual({
      stdout: "",
      stderr: `ERROR expected context id "${contextId}", got "${stale}"\n`,
      exitCode: 1,
    });
    expect(runner.calls).toEqual([]);
    expect(unit.server.calls()).toEqual([
      {
        contextId: stale,
        seq: 0,
        tool: "is-leader",
        args: [],
        cwd: expect.any(String),
        exitCode: 1,
        refused: true,
        // What the tool printed is in the hook log too.
        stdout: "",
        stderr: `ERROR expected context id "${contextId}", got "${stale}"\n`,
      },
    ]);
  });

  it("refuses a context once it is closed (the hook ended)", async () => {
    const other = newContextId("other/1", "start");
    const context = unit.server.open(other, runner);
    expect((await runTool(unit, other, "is-leader", [])).exitCode).toBe(0);
    context.close();
    const out = await runTool(unit, other, "is-leader", []);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(`ERROR expected context id "", got "${other}"\n`);
    expect(context.calls().map((c) => c.refused ?? false)).toEqual([false, true]);
  });

  it("will not open the same context id twice", () => {
    expect(() => unit.server.open(contextId, runner)).toThrow(/already open/);
  });

  it("fails cleanly when the agent is not there", async () => {
    await unit.server.close();
    const out = await runTool(unit, contextId, "is-leader", []);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^ERROR cannot reach the unit agent at .*agent\.socket: /);
  });
});

describe("serving one context", () => {
  it("serves concurrent calls of one context one at a time", async () => {
    const slow = new CannedToolRunner({}, 80);
    const id = newContextId("slow/0", "update-status");
    unit.server.open(id, slow);
    const outs = await Promise.all(["a", "b", "c", "d"].map((key) => runTool(unit, id, "state-get", [key])));
    expect(outs.every((o) => o.exitCode === 0)).toBe(true);
    expect(slow.maxConcurrent).toBe(1);
    expect(slow.calls.map((c) => c.args[0]).sort()).toEqual(["a", "b", "c", "d"]);
    const served = unit.server.calls().filter((c) => c.contextId === id);
    expect(served.map((c) => c.seq)).toEqual([1, 2, 3, 4]);
  });

  it("does not make one unit's hook wait for another's", async () => {
    // The first context's call can only finish once the second context has been served.
    let secondServed!: () => void;
    const gate = new Promise<void>((resolve) => {
      secondServed = resolve;
    });
    const first = newContextId("a/0", "start");
    const second = newContextId("b/0", "start");
    const answer = (stdout: string) => ({ stdout, stderr: "", exitCode: 0 });
    unit.server.open(first, {
      async run() {
        await gate;
        return answer("first\n");
      },
    });
    unit.server.open(second, {
      async run() {
        secondServed();
        return answer("second\n");
      },
    });
    const pending = runTool(unit, first, "is-leader", []);
    expect((await runTool(unit, second, "is-leader", [])).stdout).toBe("second\n");
    expect((await pending).stdout).toBe("first\n");
  });

  it("fails the N-th call with the injected output instead of asking the runner", async () => {
    const id = newContextId("faulty/0", "config-changed");
    const context = unit.server.open(id, runner, {
      faults: [{ kind: "fail", call: 2, output: { stderr: "ERROR permission denied\n" } }],
    });
    const outs = [];
    for (const tool of ["config-get", "is-leader", "config-get"])
      outs.push(await runTool(unit, id, tool, []));
    expect(outs.map((o) => o.exitCode)).toEqual([0, 1, 0]);
    expect(outs[1]!.stderr).toBe("ERROR permission denied\n");
    expect(runner.calls.map((c) => c.tool)).toEqual(["config-get", "config-get"]);
    expect(context.calls().map((c) => [c.seq, c.tool, c.exitCode, c.fault])).toEqual([
      [1, "config-get", 0, undefined],
      [2, "is-leader", 1, "fail"],
      [3, "config-get", 0, undefined],
    ]);
  });

  it("answers a runner that throws with exit 1 and an ERROR line", async () => {
    const id = newContextId("broken/0", "start");
    unit.server.open(id, {
      run: () => Promise.reject(new Error("model exploded")),
    });
    expect(await runTool(unit, id, "is-leader", [])).toEqual({
      stdout: "",
      stderr: "ERROR model exploded\n",
      exitCode: 1,
    });
  });
});

describe("the wire", () => {
  function rawRequest(bytes: Buffer): Promise<Buffer[]> {
    return new Promise((resolve, reject) => {
      const socket = connect(unit.server.socketPath);
      const chunks: Buffer[] = [];
      socket.on("data", (c) => chunks.push(c));
      socket.on("error", reject);
      socket.on("end", () => resolve(decodeFrame(Buffer.concat(chunks)) ?? []));
      socket.end(bytes);
    });
  }

  it("answers a malformed request with an ERROR instead of hanging", async () => {
    const [status, , stderr] = await rawRequest(encodeFrame([contextId, "is-leader"]));
    expect(status!.toString()).toBe("1");
    expect(stderr!.toString()).toMatch(/^ERROR bad hook-tool request: malformed/);
  });

  it("rejects a socket path the kernel cannot bind", async () => {
    await expect(startToolServer(`/tmp/${"x".repeat(120)}.socket`)).rejects.toThrow(/longer than 107 bytes/);
  });
});
