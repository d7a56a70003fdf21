import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CannedToolRunner, type UnitFixture, unitFixture } from "../../testing/unit-process/test-support";
import { unpackCharmArchive } from "../charm-archive/charm-archive";
import { bubblewrapLauncher } from "./bubblewrap-launcher";
import { type HookLauncher, plainLauncher } from "./hook-launcher";
import type { HookEvent } from "./juju-env";
import { runHookProcess } from "./run-hook-process";

const EXAMPLE = resolve(import.meta.dirname, "../../../charm/example");

function bwrapWorks(): boolean {
  try {
    execFileSync("bwrap", ["--ro-bind", "/", "/", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let work: string;
let charmDir: string;
let unit: UnitFixture;
let runner: CannedToolRunner;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "unit-process-packed-"));
  const { path } = await packCharm(EXAMPLE, work);
  charmDir = join(work, "charm");
  await unpackCharmArchive(path, charmDir);
  unit = await unitFixture();
}, 120_000);

afterAll(async () => {
  await unit?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  runner = new CannedToolRunner({
    "config-get": { stdout: '{"greeting":"hello","repeat":2,"style":"plain"}\n' },
    "is-leader": { stdout: "true\n" },
    "relation-ids": { stdout: '["greetings:4"]\n' },
    "action-get": { stdout: '{"name":"Ada"}\n' },
  });
});

function run(event: HookEvent, launcher: HookLauncher) {
  return runHookProcess({
    charmDir,
    event,
    unit: unit.unit,
    model: { name: "media", uuid: "5a7c1c8e-0000-4000-8000-000000000003" },
    runner,
    toolServer: unit.server,
    toolsDir: unit.toolsDir,
    launcher,
    timeoutMs: 30_000,
  });
}

const launchers: [string, () => HookLauncher][] = [["plain", plainLauncher]];
if (bwrapWorks()) launchers.push(["bubblewrap", bubblewrapLauncher]);

describe.each(launchers)("the packed example charm, %s launcher", (_name, launcher) => {
  it("runs config-changed through the real hook tools against the canned runner", async () => {
    const result = await run({ kind: "hook", name: "config-changed" }, launcher());
    expect(result.stderr).toBe("");
    expect(result).toMatchObject({ ok: true, exitCode: 0, signal: null });
    expect(result.calls.map((c) => c.tool).sort()).toEqual(
      ["config-get", "is-leader", "relation-ids", "relation-set", "status-set"].sort(),
    );
    expect(result.calls.every((c) => c.exitCode === 0 && c.cwd === charmDir)).toBe(true);
    const set = result.calls.find((c) => c.tool === "relation-set")!;
    expect(set.args).toEqual(expect.arrayContaining(["--app", "--file", "-"]));
    expect(JSON.parse(set.stdin!)).toEqual({ greeting: "hello hello" });
    const status = result.calls.find((c) => c.tool === "status-set")!;
    expect(status.args).toContain("active");
    expect(status.args.join(" ")).toContain("greeting 1 application(s)");
    // The runner saw the same calls the server recorded.
    expect(runner.calls.map((c) => c.tool).sort()).toEqual(result.calls.map((c) => c.tool).sort());
    // Records go to stdout as JSON lines, which Juju logs at DEBUG.
    for (const line of result.lines) expect(line).toMatchObject({ stream: "stdout", level: "DEBUG" });
  });

  it("runs the greet action with its params from action-get", async () => {
    const result = await run({ kind: "action", name: "greet", id: "11" }, launcher());
    expect(result).toMatchObject({ ok: true, exitCode: 0 });
    const set = result.calls.find((c) => c.tool === "action-set")!;
    expect(set.args).toContain("greeting=hello hello, Ada");
    expect(result.calls.map((c) => c.tool)).not.toContain("status-set");
  });
});
