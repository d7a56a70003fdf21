import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CannedToolRunner,
  charmDir,
  type UnitFixture,
  unitFixture,
  writeExecutable,
} from "../../testing/unit-process/test-support";
import { type HookEvent, SYSTEM_PATH } from "./juju-env";
import { type HookProcessOptions, runHookProcess } from "./run-hook-process";

const MODEL = { name: "media", uuid: "5a7c1c8e-0000-4000-8000-000000000001" };
const CONFIG_CHANGED: HookEvent = { kind: "hook", name: "config-changed" };

// A handler that prints what it was started with: argv, cwd, stdin and the whole environment.
const DUMP = `#!${process.execPath}
const fs = require("node:fs");
let stdin;
try { stdin = { device: fs.fstatSync(0).isCharacterDevice(), data: fs.readFileSync(0, "utf8") }; }
catch (e) { stdin = { error: e.code }; }
console.log(JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(), env: process.env, stdin }));
`;

interface Dump {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: { device?: boolean; data?: string; error?: string };
}

let unit: UnitFixture;
let runner: CannedToolRunner;
let charm: string;

beforeEach(async () => {
  unit = await unitFixture();
  runner = new CannedToolRunner({
    "config-get": { stdout: '{"greeting":"hello"}\n' },
    "is-leader": { stdout: "true\n" },
  });
  charm = charmDir(unit);
});

afterEach(() => unit.cleanup());

function run(overrides: Partial<HookProcessOptions> = {}) {
  return runHookProcess({
    charmDir: charm,
    event: CONFIG_CHANGED,
    unit: unit.unit,
    model: MODEL,
    runner,
    toolServer: unit.server,
    toolsDir: unit.toolsDir,
    timeoutMs: 20_000,
    ...overrides,
  });
}

/** Pids of the non-zombie processes in process group `pgid`. */
function liveMembers(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // After the command name: state, ppid, pgrp.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(pgrp) === pgid && state !== "Z";
      } catch {
        return false; // gone while we looked
      }
    })
    .map(Number);
}

function dumpOf(stdout: string): Dump {
  return JSON.parse(stdout) as Dump;
}

describe("the hook process", () => {
  it("gets argv = the dispatch path alone, cwd = the charm dir, stdin at EOF, and only Juju's env", async () => {
    const dispatch = writeExecutable(join(charm, "dispatch"), DUMP);
    const result = await run();
    expect(result).toMatchObject({ ok: true, exitCode: 0, signal: null, executable: dispatch });
    const dump = dumpOf(result.stdout);
    expect(dump.argv).toEqual([dispatch]);
    expect(dump.cwd).toBe(charm);
    expect(dump.stdin).toEqual({ device: true, data: "" });
    expect(dump.env).toEqual({
      CHARM_DIR: charm,
      JUJU_CHARM_DIR: charm,
      JUJU_CONTEXT_ID: result.contextId,
      JUJU_HOOK_NAME: "config-changed",
      JUJU_DISPATCH_PATH: "hooks/config-changed",
      JUJU_AGENT_SOCKET_ADDRESS: unit.server.socketPath,
      JUJU_AGENT_SOCKET_NETWORK: "unix",
      JUJU_UNIT_NAME: "hello/0",
      JUJU_MODEL_UUID: MODEL.uuid,
      JUJU_MODEL_NAME: "media",
      JUJU_VERSION: "3.6.4",
      JUJU_MACHINE_ID: "",
      JUJU_PRINCIPAL_UNIT: "",
      JUJU_SLA: "unsupported",
      // The controller, the zone, the cloud and the model's proxy settings (contract §1.2).
      JUJU_API_ADDRESSES: "127.0.0.1:17070",
      JUJU_AVAILABILITY_ZONE: "",
      CLOUD_API_VERSION: "1.31.0",
      JUJU_CHARM_HTTP_PROXY: "",
      JUJU_CHARM_HTTPS_PROXY: "",
      JUJU_CHARM_FTP_PROXY: "",
      JUJU_CHARM_NO_PROXY: "127.0.0.1,localhost,::1",
      KUBERNETES_SERVICE_HOST: "10.152.183.1",
      KUBERNETES_SERVICE_PORT: "443",
      APT_LISTCHANGES_FRONTEND: "none",
      DEBIAN_FRONTEND: "noninteractive",
      LANG: "C.UTF-8",
      TERM: "tmux-256color",
      PATH: `${unit.toolsDir}:${SYSTEM_PATH}`,
    });
    expect(dump.env).not.toHaveProperty("HOME");
    expect(dump.env).not.toHaveProperty("NODE_OPTIONS");
    expect(result.contextId).toMatch(/^hello\/0-config-changed-\d+$/);
  });

  it("runs an action with an empty JUJU_HOOK_NAME, actions/<name> and the action's ids", async () => {
    writeExecutable(join(charm, "dispatch"), DUMP);
    const result = await run({ event: { kind: "action", name: "greet", id: "42" } });
    const { env } = dumpOf(result.stdout);
    expect(env).toMatchObject({
      JUJU_HOOK_NAME: "",
      JUJU_DISPATCH_PATH: "actions/greet",
      JUJU_ACTION_NAME: "greet",
      JUJU_ACTION_UUID: "42",
      JUJU_ACTION_TAG: "action-42",
    });
    expect(result.contextId).toMatch(/^hello\/0-greet-\d+$/);
    const hook = dumpOf((await run()).stdout).env;
    expect(Object.keys(hook).filter((k) => k.startsWith("JUJU_ACTION_"))).toEqual([]);
  });

  it("adds the caller's per-event variables, but will not let them replace Juju's own", async () => {
    writeExecutable(join(charm, "dispatch"), DUMP);
    const relation = {
      JUJU_RELATION: "greetings",
      JUJU_RELATION_ID: "greetings:4",
      JUJU_REMOTE_APP: "radarr",
      JUJU_REMOTE_UNIT: "radarr/0",
    };
    const result = await run({ event: { kind: "hook", name: "greetings-relation-changed" }, env: relation });
    expect(dumpOf(result.stdout).env).toMatchObject({
      ...relation,
      JUJU_HOOK_NAME: "greetings-relation-changed",
    });
    await expect(run({ env: { JUJU_UNIT_NAME: "evil/0" } })).rejects.toThrow(
      /JUJU_UNIT_NAME is set by the unit agent/,
    );
  });

  it("logs stdout lines at DEBUG and stderr lines at WARNING, and reports the exit code", async () => {
    writeExecutable(join(charm, "dispatch"), "#!/bin/sh\necho one\necho oops >&2\nprintf 'two'\nexit 3\n");
    const seen: string[] = [];
    const result = await run({ onLine: (line) => seen.push(line.text) });
    expect(result).toMatchObject({ ok: false, exitCode: 3, signal: null, timedOut: false });
    expect(result.stdout).toBe("one\ntwo");
    expect(result.lines.filter((l) => l.stream === "stdout")).toEqual([
      { stream: "stdout", level: "DEBUG", text: "one" },
      { stream: "stdout", level: "DEBUG", text: "two" },
    ]);
    expect(result.lines.filter((l) => l.stream === "stderr")).toEqual([
      { stream: "stderr", level: "WARNING", text: "oops" },
    ]);
    expect(seen.sort()).toEqual(["one", "oops", "two"]);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("answers the hook's tool calls through the tools on PATH and records them", async () => {
    writeExecutable(
      join(charm, "dispatch"),
      `#!/bin/sh
set -e
config-get --format=json
echo '{"greeting":"hello"}' | relation-set -r greetings:4 --app --file -
status-set active "all good"
`,
    );
    const result = await run();
    expect(result).toMatchObject({ ok: true, exitCode: 0, stdout: '{"greeting":"hello"}\n' });
    expect(
      result.calls.map(({ seq, tool, args, stdin, exitCode }) => ({ seq, tool, args, stdin, exitCode })),
    ).toEqual([
      { seq: 1, tool: "config-get", args: ["--format=json"], stdin: undefined, exitCode: 0 },
      {
        seq: 2,
        tool: "relation-set",
        args: ["-r", "greetings:4", "--app", "--file", "-"],
        stdin: '{"greeting":"hello"}\n',
        exitCode: 0,
      },
      { seq: 3, tool: "status-set", args: ["active", "all good"], stdin: undefined, exitCode: 0 },
    ]);
    expect(result.calls.every((c) => c.cwd === charm)).toBe(true);
  });

  it("refuses tool calls made with the context id once the hook is over", async () => {
    // A straggler left behind by the hook calls a tool after the hook has exited.
    writeExecutable(
      join(charm, "dispatch"),
      `#!/bin/sh
(sleep 0.3; is-leader; echo "$?" > late-exit) </dev/null >late-out 2>&1 &
exit 0
`,
    );
    const result = await run();
    expect(result.ok).toBe(true);
    await expect.poll(() => existsSync(join(charm, "late-exit")), { timeout: 5000 }).toBe(true);
    expect(readFileSync(join(charm, "late-exit"), "utf8")).toBe("1\n");
    expect(readFileSync(join(charm, "late-out"), "utf8")).toBe(
      `ERROR expected context id "", got "${result.contextId}"\n`,
    );
    expect(unit.server.calls().at(-1)).toMatchObject({ contextId: result.contextId, refused: true });
    expect(runner.calls).toEqual([]);
  });
});

describe("which handler runs", () => {
  it("treats a hook the charm has no handler for as a silent success", async () => {
    const result = await run();
    expect(result).toMatchObject({ ok: true, exitCode: null, calls: [], stdout: "" });
    expect(result.executable).toBeUndefined();
  });

  it("fails an action the charm has no handler for", async () => {
    const result = await run({ event: { kind: "action", name: "greet", id: "7" } });
    expect(result).toMatchObject({ ok: false, error: "action not implemented on unit", exitCode: null });
  });

  it("falls back to hooks/<name> and actions/<name> without a dispatch", async () => {
    const hook = writeExecutable(
      join(charm, "hooks/config-changed"),
      '#!/bin/sh\necho "$0 $JUJU_DISPATCH_PATH"\n',
    );
    const action = writeExecutable(
      join(charm, "actions/greet"),
      '#!/bin/sh\necho "$0 $JUJU_DISPATCH_PATH"\n',
    );
    expect((await run()).stdout).toBe(`${hook} hooks/config-changed\n`);
    const greet = await run({ event: { kind: "action", name: "greet", id: "1" } });
    expect(greet.stdout).toBe(`${action} actions/greet\n`);
    expect((await run({ event: { kind: "hook", name: "start" } })).executable).toBeUndefined();
  });

  it("prefers dispatch over hooks/<name>", async () => {
    writeExecutable(join(charm, "hooks/config-changed"), "#!/bin/sh\necho legacy\n");
    writeExecutable(join(charm, "dispatch"), "#!/bin/sh\necho dispatch\n");
    expect((await run()).stdout).toBe("dispatch\n");
  });

  it("fails a hook whose dispatch is not executable, as exec does", async () => {
    writeExecutable(join(charm, "dispatch"), "#!/bin/sh\nexit 0\n", 0o644);
    const result = await run();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^cannot run .*dispatch: .*EACCES/);
  });
});

describe("killing the hook", () => {
  const THREE_CALLS = `#!/bin/sh
is-leader
is-leader
echo "after the second call"
is-leader
echo survived
`;

  it("SIGKILLs the hook right after its N-th tool call and reports the signal", async () => {
    writeExecutable(join(charm, "dispatch"), THREE_CALLS);
    const result = await run({ faults: [{ kind: "kill-after", call: 2 }] });
    expect(result).toMatchObject({ ok: false, exitCode: null, signal: "SIGKILL", timedOut: false });
    expect(result.stdout).not.toContain("after the second call");
    expect(result.calls.map((c) => [c.seq, c.tool, c.fault])).toEqual([
      [1, "is-leader", undefined],
      [2, "is-leader", "kill-after"],
    ]);
    expect(runner.calls).toHaveLength(2);
  });

  it("fails the N-th call with the injected output and lets the hook go on", async () => {
    writeExecutable(
      join(charm, "dispatch"),
      '#!/bin/sh\nconfig-get || echo "config-get failed: $?"\nis-leader\n',
    );
    const result = await run({
      faults: [{ kind: "fail", call: 1, output: { stderr: "ERROR cannot read config\n", exitCode: 1 } }],
    });
    expect(result.ok).toBe(true);
    expect(result.stdout).toBe("config-get failed: 1\ntrue\n");
    expect(result.lines).toContainEqual({
      stream: "stderr",
      level: "WARNING",
      text: "ERROR cannot read config",
    });
    expect(runner.calls.map((c) => c.tool)).toEqual(["is-leader"]);
  });

  it("kills a hook that runs past its timeout, with everything it started", async () => {
    writeExecutable(join(charm, "dispatch"), "#!/bin/sh\necho $$ > pgid\nsleep 30 &\nsleep 30\n");
    const result = await run({ timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, timedOut: true, signal: "SIGKILL" });
    expect(result.durationMs).toBeLessThan(10_000);
    const pgid = Number(readFileSync(join(charm, "pgid"), "utf8"));
    await expect.poll(() => liveMembers(pgid), { timeout: 5000 }).toEqual([]);
  });
});
