import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { listCharmArchive, unpackCharmArchive } from "@charmarr/engine/charm-archive";
import { createFakeHookTools, type FakeHookTools } from "@charmarr/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";

const EXAMPLE = resolve(import.meta.dirname, "..");
let charmPath: string;
let charmDir: string;
let work: string;
let systemBin: string;
let tools: FakeHookTools;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "packed-example-"));
  ({ path: charmPath } = await packCharm(EXAMPLE, work));
  charmDir = join(work, "charm");
  await unpackCharmArchive(charmPath, charmDir);
  // Only what the fake tools need: the charm must bring its own Node.
  systemBin = join(work, "bin");
  mkdirSync(systemBin);
  for (const tool of ["cat", "dirname", "basename"]) symlinkSync(`/usr/bin/${tool}`, join(systemBin, tool));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(() => {
  tools?.cleanup();
  tools = createFakeHookTools({
    "config-get": { stdout: '{"greeting":"hello","repeat":2,"style":"plain"}\n' },
    "is-leader": { stdout: "true\n" },
    "relation-ids": { stdout: '["greetings:4"]\n' },
  });
});

/** Run `dispatch` as Juju does: argv[0] only, cwd = charm dir, nothing but Juju's env. */
function dispatch(path: string, extra: Record<string, string> = {}) {
  const env = {
    PATH: `${tools.binDir}:${systemBin}`,
    JUJU_CHARM_DIR: charmDir,
    CHARM_DIR: charmDir,
    JUJU_UNIT_NAME: "hello/0",
    JUJU_MODEL_NAME: "test",
    JUJU_MODEL_UUID: "5a7c1c8e-0000-4000-8000-000000000001",
    JUJU_VERSION: "3.6.4",
    JUJU_CONTEXT_ID: "hello/0-test-1",
    JUJU_DISPATCH_PATH: path,
    JUJU_HOOK_NAME: path.startsWith("hooks/") ? path.slice(6) : "",
    ...extra,
  };
  const result = spawnSync(join(charmDir, "dispatch"), [], { cwd: charmDir, env, encoding: "utf8" });
  return { ...result, calls: tools.calls() };
}

describe("the packed example charm", () => {
  it("holds the YAML files, an executable dispatch, the bundle and a Node runtime", async () => {
    const entries = await listCharmArchive(charmPath);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect([...byPath.keys()].sort()).toEqual(
      [
        "actions.yaml",
        "config.yaml",
        "dispatch",
        "dist/dispatch.blob",
        "dist/dispatch.js",
        "dist/package.json",
        "hooks/install",
        "hooks/start",
        "hooks/upgrade-charm",
        "manifest.yaml",
        "metadata.yaml",
        "node/LICENSE",
        "node/bin/node",
      ].sort(),
    );
    expect(byPath.get("dispatch")?.mode).toBe(0o755);
    expect(byPath.get("node/bin/node")?.mode).toBe(0o755);
    expect(byPath.get("metadata.yaml")?.mode).toBe(0o644);
    expect(byPath.get("hooks/install")?.type).toBe("symlink");
    expect(byPath.get("dist/dispatch.js")!.size).toBeLessThanOrEqual(300 * 1000);
  });

  it("splits charmcraft.yaml into metadata, config and actions, and writes a v2 manifest", () => {
    const read = (name: string) => parse(readFileSync(join(charmDir, name), "utf8"));
    const metadata = read("metadata.yaml");
    expect(metadata).toMatchObject({ name: "hello", provides: { greetings: { interface: "greeting" } } });
    for (const buildOnly of ["type", "base", "platforms", "config", "actions", "parts"]) {
      expect(metadata).not.toHaveProperty(buildOnly);
    }
    expect(read("config.yaml").options.style).toEqual({
      type: "string",
      default: "plain",
      description: "How to greet; one of plain, loud.",
    });
    expect(read("actions.yaml").greet.required).toEqual(["name"]);
    expect(read("manifest.yaml").bases).toEqual([
      { name: "ubuntu", channel: "24.04", architectures: ["amd64"] },
    ]);
  });

  it("runs config-changed with no HOME and no system Node, in four hook-tool calls", () => {
    const run = dispatch("hooks/config-changed");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.tool).sort()).toEqual(
      ["config-get", "is-leader", "relation-ids", "relation-set", "status-set"].sort(),
    );
    const set = run.calls.find((c) => c.tool === "relation-set")!;
    expect(set.args).toContain("--app");
    expect(JSON.parse(set.stdin)).toEqual({ greeting: "hello hello" });
    const status = run.calls.find((c) => c.tool === "status-set")!;
    expect(status.args).toContain("active");
    expect(status.args.join(" ")).toContain("greeting 1 application(s)");
    // Records go to stdout as JSON lines (Juju keeps them at DEBUG).
    for (const line of run.stdout.trim().split("\n").filter(Boolean))
      expect(() => JSON.parse(line)).not.toThrow();
  });

  it("runs install through the hooks/install symlink, as Juju before dispatch did (no JUJU_DISPATCH_PATH)", () => {
    const env = {
      PATH: `${tools.binDir}:${systemBin}`,
      JUJU_CHARM_DIR: charmDir,
      JUJU_UNIT_NAME: "hello/0",
      JUJU_MODEL_NAME: "test",
      JUJU_MODEL_UUID: "5a7c1c8e-0000-4000-8000-000000000001",
      JUJU_VERSION: "3.6.4",
      JUJU_CONTEXT_ID: "hello/0-test-2",
    };
    const run = spawnSync(join(charmDir, "hooks/install"), [], { cwd: charmDir, env, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"hooks/install"');
    expect(tools.calls().map((c) => c.tool)).toContain("status-set");
  });

  it("blocks on a bad config value, naming the option, the value and what is allowed, and exits 0", () => {
    tools.answer("config-get", { stdout: '{"greeting":"hello","repeat":9,"style":"shouty"}\n' });
    const run = dispatch("hooks/config-changed");
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.tool)).not.toContain("relation-set");
    const status = run.calls.find((c) => c.tool === "status-set")!;
    expect(status.args).toContain("blocked");
    expect(status.args.join(" ")).toContain('style="shouty" (allowed: one of plain, loud)');
    expect(status.args.join(" ")).toContain("repeat=9 (allowed: a whole number from 1 to 5)");
  });

  it("runs an action from JUJU_DISPATCH_PATH with an empty JUJU_HOOK_NAME", () => {
    tools.answer("action-get", { stdout: '{"name":"Ada"}\n' });
    const run = dispatch("actions/greet", { JUJU_ACTION_NAME: "greet", JUJU_ACTION_UUID: "7" });
    expect(run.status).toBe(0);
    const set = run.calls.find((c) => c.tool === "action-set")!;
    expect(set.args).toContain("greeting=hello hello, Ada");
    expect(run.calls.map((c) => c.tool)).not.toContain("status-set");
  });

  it("fails the hook when Juju refuses a tool call, and says why through juju-log", () => {
    tools.answer("relation-ids", { stderr: "ERROR permission denied\n", exitCode: 1 });
    const run = dispatch("hooks/update-status");
    expect(run.status).toBe(1);
    const log = run.calls.find((c) => c.tool === "juju-log")!;
    expect(log.args).toContain("ERROR");
    expect(log.args.join(" ")).toContain("permission denied");
  });

  it("treats an unknown hook as a logged no-op", () => {
    const run = dispatch("hooks/something-new");
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
  });

  it("turns every kind of Juju event env into the typed event it logs first", () => {
    const rel = { JUJU_RELATION: "greetings", JUJU_RELATION_ID: "greetings:4", JUJU_REMOTE_APP: "other" };
    const secret = { JUJU_SECRET_ID: "secret:9m4e2mr0ui3e8a215n4g", JUJU_SECRET_LABEL: "x" };
    const cases: [string, Record<string, string>, Record<string, unknown>][] = [
      ...[
        "install",
        "start",
        "stop",
        "remove",
        "config-changed",
        "update-status",
        "upgrade-charm",
        "leader-elected",
        "leader-settings-changed",
      ].map((h): [string, Record<string, string>, Record<string, unknown>] => [
        `hooks/${h}`,
        {},
        { kind: h },
      ]),
      [
        "hooks/greetings-relation-created",
        rel,
        { kind: "relation-created", endpoint: "greetings", relationId: 4, remoteApp: "other" },
      ],
      [
        "hooks/greetings-relation-joined",
        { ...rel, JUJU_REMOTE_UNIT: "other/0" },
        { kind: "relation-joined", remoteUnit: "other/0" },
      ],
      [
        "hooks/greetings-relation-changed",
        { ...rel, JUJU_REMOTE_UNIT: "" },
        { kind: "relation-changed", relationId: 4 },
      ],
      [
        "hooks/greetings-relation-departed",
        { ...rel, JUJU_REMOTE_UNIT: "other/0", JUJU_DEPARTING_UNIT: "other/0" },
        { kind: "relation-departed", departingUnit: "other/0" },
      ],
      ["hooks/greetings-relation-broken", rel, { kind: "relation-broken", relationId: 4 }],
      ["hooks/secret-changed", secret, { kind: "secret-changed", label: "x" }],
      ["hooks/secret-rotate", secret, { kind: "secret-rotate", secretId: "secret:9m4e2mr0ui3e8a215n4g" }],
      [
        "hooks/secret-remove",
        { ...secret, JUJU_SECRET_REVISION: "2" },
        { kind: "secret-remove", revision: 2 },
      ],
      [
        "hooks/secret-expired",
        { ...secret, JUJU_SECRET_REVISION: "3" },
        { kind: "secret-expired", revision: 3 },
      ],
      [
        "hooks/data-storage-attached",
        { JUJU_STORAGE_ID: "data/0", JUJU_STORAGE_LOCATION: "/data", JUJU_STORAGE_KIND: "filesystem" },
        { kind: "storage-attached", storageId: "data/0" },
      ],
      [
        "hooks/data-storage-detaching",
        { JUJU_STORAGE_ID: "data/0" },
        { kind: "storage-detaching", storageName: "data" },
      ],
      ["hooks/app-pebble-ready", { JUJU_WORKLOAD_NAME: "app" }, { kind: "pebble-ready", container: "app" }],
      [
        "hooks/app-pebble-custom-notice",
        {
          JUJU_WORKLOAD_NAME: "app",
          JUJU_NOTICE_ID: "1",
          JUJU_NOTICE_TYPE: "custom",
          JUJU_NOTICE_KEY: "a.io/b",
        },
        { kind: "pebble-custom-notice", noticeKey: "a.io/b" },
      ],
      [
        "hooks/app-pebble-check-failed",
        { JUJU_WORKLOAD_NAME: "app", JUJU_PEBBLE_CHECK_NAME: "up" },
        { kind: "pebble-check-failed", checkName: "up" },
      ],
      [
        "hooks/app-pebble-check-recovered",
        { JUJU_WORKLOAD_NAME: "app", JUJU_PEBBLE_CHECK_NAME: "up" },
        { kind: "pebble-check-recovered", checkName: "up" },
      ],
      [
        "actions/greet",
        { JUJU_ACTION_NAME: "greet", JUJU_ACTION_UUID: "5" },
        { kind: "action", name: "greet", id: "5" },
      ],
    ];
    tools.answer("action-get", { stdout: '{"name":"Ada"}\n' });
    for (const [path, extra, expected] of cases) {
      const run = dispatch(path, extra);
      const first = JSON.parse(run.stdout.split("\n")[0]!);
      expect(first.msg, path).toBe("event");
      expect(first.event, path).toMatchObject(expected);
      expect(run.status, path).toBe(0);
    }
  });
});
