import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeHook, hooksOf, probeCharm } from "../../testing/events/test-support";
import { ManualClock } from "../model/clock";
import { Model } from "../model/model";
import { readCharmDirMeta } from "./charm-package";
import { inProcessRunner } from "./in-process-runner";
import { type ProcessHost, processRunner, startProcessHost } from "./process-runner";
import { UnitAgents } from "./unit-agents";

// A charm made of one shell script: it says what it was told through juju-log, sets its
// status from config, fails config-changed on `mode=fail`, and answers the `echo` action.
const DISPATCH = `#!/bin/sh
hook="\${JUJU_DISPATCH_PATH#*/}"
case "$JUJU_DISPATCH_PATH" in
  actions/*)
    echo "out of $JUJU_ACTION_NAME"
    echo "err of $JUJU_ACTION_NAME" >&2
    action-set "said=$(action-get word)"
    exit 0 ;;
esac
juju-log "ran $hook remote=$JUJU_REMOTE_UNIT departing=$JUJU_DEPARTING_UNIT relation=$JUJU_RELATION_ID"
mode=$(config-get mode)
if [ "$mode" = fail ] && [ "$hook" = config-changed ]; then echo "failing on purpose" >&2; exit 3; fi
status-set maintenance "step one"
status-set active "mode $mode"
`;

const METADATA = "name: shell\nprovides: {out: {interface: out}}\n";
const CONFIG = "options: {mode: {type: string, default: calm}}\n";
const ACTIONS = "echo: {params: {word: {type: string}}}\n";

let work: string;
let charmDir: string;
let host: ProcessHost;
let agents: UnitAgents | undefined;

function writeCharm(dir: string, dispatch?: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), METADATA);
  writeFileSync(join(dir, "config.yaml"), CONFIG);
  writeFileSync(join(dir, "actions.yaml"), ACTIONS);
  if (dispatch !== undefined) {
    writeFileSync(join(dir, "dispatch"), dispatch);
    chmodSync(join(dir, "dispatch"), 0o755);
  }
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "pr-"));
  charmDir = writeCharm(join(work, "shell"), DISPATCH);
  host = await startProcessHost(join(work, "host"));
});

afterEach(async () => {
  await agents?.close();
  agents = undefined;
});

afterAll(async () => {
  await host.close();
  rmSync(work, { recursive: true, force: true });
});

function fixture(dir = charmDir) {
  const model = new Model({ clock: new ManualClock() });
  agents = new UnitAgents({ model });
  agents.setRunner("shell", processRunner(host, { dir }));
  model.deploy("shell", readCharmDirMeta(dir));
  return { model, agents };
}

const logged = (model: Model, unit: string) =>
  model.logs.filter((l) => l.unit === unit && l.module.endsWith(".juju-log")).map((l) => l.message);

describe("charms run as processes", () => {
  it("see Juju's per-event variables, with the process unit and an in-process one in one model", async () => {
    const { model, agents } = fixture();
    agents.setRunner("peer", inProcessRunner(probeCharm("name: peer\nrequires: {in: {interface: out}}")));
    model.deploy("peer", { name: "peer", requires: { in: { interface: "out" } } });
    const relation = model.integrate("peer", "shell");
    await agents.settle();
    expect(hooksOf(agents.hookLog, "shell/0")).toEqual([
      "install",
      "out-relation-created",
      "leader-elected",
      "config-changed",
      "start",
      "out-relation-joined peer/0",
      "out-relation-changed peer/0",
    ]);
    expect(logged(model, "shell/0")).toContain(
      `out:${relation.id}: ran out-relation-joined remote=peer/0 departing= relation=out:${relation.id}`,
    );
    expect(agents.unitStatus("shell/0")).toMatchObject({ status: "active", message: "mode calm" });
    model.removeRelation(relation.id);
    await agents.settle();
    expect(logged(model, "shell/0")).toContain(
      `out:${relation.id}: ran out-relation-departed remote=peer/0 departing=peer/0 relation=out:${relation.id}`,
    );
    expect(agents.hookLog.every((h) => h.result === "ok")).toBe(true);
  });

  it("a non-zero exit discards, logs stderr at WARNING and puts the unit in error", async () => {
    const { model, agents } = fixture();
    model.setConfig("shell", { mode: "fail" });
    const ran = await agents.settle();
    expect(ran.find((r) => r.hook === "config-changed")).toMatchObject({ result: "failed", exitCode: 3 });
    expect(model.logs).toContainEqual(
      expect.objectContaining({
        module: "unit.shell/0.config-changed",
        level: "WARNING",
        message: "failing on purpose",
      }),
    );
    expect(agents.unitStatus("shell/0")).toMatchObject({
      status: "error",
      message: 'hook failed: "config-changed"',
    });
  });

  it("a kill fault SIGKILLs the process after the nth call; the hook runs again", async () => {
    const { model, agents } = fixture();
    agents.faults.killHookAfterToolCall({ unit: "shell/0", hook: "install", n: 3 });
    await agents.settle();
    const installs = agents.hookLog.filter((h) => h.hook === "install");
    expect(installs.map((h) => h.result)).toEqual(["killed", "ok"]);
    // juju-log, config-get, then the first status-set: its effect stays, the rest never ran.
    expect(installs[0]!.toolCalls.map((c) => c.tool)).toEqual(["juju-log", "config-get", "status-set"]);
    expect(installs[0]!.toolCalls[2]!.fault).toBe("kill-after");
    expect(agents.unitStatus("shell/0")).toMatchObject({ status: "active" });
    expect(logged(model, "shell/0").filter((m) => m.startsWith("ran install"))).toHaveLength(2);
  });

  it("times each tool call in the hook's own clock: when it arrived, how long until its answer", async () => {
    const { agents } = fixture();
    await agents.settle();
    const install = agents.hookLog.find((h) => h.hook === "install")!;
    const calls = install.toolCalls;
    expect(calls.length).toBeGreaterThan(1);
    let after = 0;
    for (const call of calls) {
      // Served one at a time: each arrives after the previous one was answered.
      expect(call.atMs).toBeGreaterThanOrEqual(after);
      expect(call.ms).toBeGreaterThanOrEqual(0);
      after = call.atMs! + call.ms!;
    }
    // Within the hook's process time (the context opens just before the process starts).
    expect(after).toBeLessThanOrEqual(install.durationMs + 5);
  });

  it("a fail fault answers one call with the given output", async () => {
    const { agents } = fixture();
    agents.faults.failToolCall({
      unit: "shell/0",
      hook: "start",
      tool: "status-set",
      nth: 1,
      output: { stderr: "ERROR nope\n" },
    });
    await agents.settle();
    const start = agents.hookLog.find((h) => h.hook === "start")!;
    expect(start.toolCalls.map((c) => [c.tool, c.exitCode])).toEqual([
      ["juju-log", 0],
      ["config-get", 0],
      ["status-set", 1],
      ["status-set", 0],
    ]);
    expect(start.toolCalls[2]!.fault).toBe("fail");
    // The script goes on; its last call decides its exit status.
    expect(agents.unitStatus("shell/0")).toMatchObject({ status: "active", message: "mode calm" });
  });

  it("the hook log keeps what each tool call printed, stdout and stderr, bounded to 64 KiB each", async () => {
    const dir = writeCharm(
      join(work, "printing"),
      `#!/bin/sh
[ "$JUJU_HOOK_NAME" = install ] || exit 0
config-get mode >/dev/null
config-get --no-such-flag
config-get mode
`,
    );
    const { model, agents } = fixture(dir);
    model.setConfig("shell", { mode: "é".repeat(40_000) }); // 80,000 bytes of UTF-8
    agents.faults.failToolCall({
      unit: "shell/0",
      hook: "install",
      tool: "config-get",
      nth: 3,
      output: { stdout: "faked\n" },
    });
    await agents.settle();
    const [big, usage, faulted] = agents.hookLog.find((h) => h.hook === "install")!.toolCalls;
    expect(big).toMatchObject({ tool: "config-get", stderr: "", exitCode: 0, outputTruncated: true });
    // The first 64 KiB, cut on a character boundary.
    expect(big!.stdout).toBe("é".repeat(32_768));
    expect(usage).toMatchObject({ tool: "config-get", stdout: "", exitCode: 2 });
    expect(usage!.stderr).toMatch(/^ERROR .*no-such-flag/);
    expect(usage).not.toHaveProperty("outputTruncated");
    expect(faulted).toMatchObject({ tool: "config-get", stdout: "faked\n", stderr: "", fault: "fail" });
  });

  it("actions return stdout, stderr and results", async () => {
    const { agents } = fixture();
    await agents.settle();
    const id = agents.queueAction("shell/0", "echo", { word: "boo" });
    const [ran] = await agents.settle();
    expect(describeHook(ran!)).toBe("echo-action");
    expect(agents.actionOutcome(id)).toEqual({
      id,
      status: "completed",
      results: { said: "boo" },
      message: "",
      stdout: "out of echo\n",
      stderr: "err of echo\n",
      returnCode: 0,
    });
  });

  it("a charm without dispatch passes every hook, and fails actions as not implemented", async () => {
    const { agents } = fixture(writeCharm(join(work, "empty")));
    await agents.settle();
    expect(agents.hookLog.every((h) => h.result === "ok")).toBe(true);
    const id = agents.queueAction("shell/0", "echo", { word: "x" });
    await agents.settle();
    expect(agents.actionOutcome(id)).toMatchObject({
      status: "failed",
      message: "action not implemented on unit",
    });
  });
});
