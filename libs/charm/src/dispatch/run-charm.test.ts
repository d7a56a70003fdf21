import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { jsonOutput, jujuError, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { defineCharm } from "../define-charm";
import { withSecretContentFiles } from "../hook-tools/secret-content-files";
import type { CharmMetadata } from "../model/charm-metadata";
import { MAX_STATUS_MESSAGE } from "../model/status-collector";
import { runCharm, SECRET_FILES_DIR } from "./run-charm";

const metadata: CharmMetadata = {
  name: "demo",
  config: { options: { mode: { type: "string", default: "a" }, token: { type: "secret" } } },
  containers: { app: { resource: "app-image" } },
  requires: { db: { interface: "db" } },
};

function env(dispatchPath: string, extra: Record<string, string> = {}) {
  return {
    JUJU_UNIT_NAME: "demo/0",
    JUJU_MODEL_NAME: "m",
    JUJU_MODEL_UUID: "5a7c1c8e-0000-4000-8000-000000000001",
    JUJU_DISPATCH_PATH: dispatchPath,
    JUJU_HOOK_NAME: dispatchPath.startsWith("hooks/") ? dispatchPath.slice(6) : "",
    ...extra,
  };
}

function juju(config: Record<string, unknown> = { mode: "a" }) {
  return new RecordingToolRunner({
    "config-get": jsonOutput(config),
    "is-leader": jsonOutput(true),
    "relation-ids": jsonOutput(["db:1", "db:2"]),
  });
}

const lines: string[] = [];
const write = (line: string) => lines.push(line);

describe("runCharm", () => {
  it("steadyStatus: in update-status of an active unit, the status the last hook left, kept without a status-set", async () => {
    const seen: unknown[] = [];
    const charm = defineCharm({
      metadata,
      async reconcile(ctx) {
        const steady = await ctx.steadyStatus();
        seen.push(steady);
        if (steady) return ctx.status.active(steady.message);
        ctx.status.active("full");
      },
    });
    const run = async (hook: string, status: { status: string; message: string }) => {
      const runner = new RecordingToolRunner({
        "config-get": jsonOutput({ mode: "a" }),
        "is-leader": jsonOutput(true),
        "status-get": jsonOutput({ status: status.status, message: status.message, "status-data": {} }),
      });
      expect(await runCharm(charm, { runner, write, env: env(`hooks/${hook}`) })).toBe(0);
      return runner.calls.map((c) => [c.tool, ...c.args].join(" "));
    };
    // Active: the same status again, nothing set.
    expect(await run("update-status", { status: "active", message: "via gateway" })).toEqual([
      "is-leader --format=json",
      "config-get --format=json",
      "status-get --format=json --include-data",
    ]);
    expect(seen.pop()).toEqual({ name: "active", message: "via gateway" });
    // Not active: the full reconcile, and its status set.
    const waiting = await run("update-status", { status: "waiting", message: "for db" });
    expect(seen.pop()).toBeUndefined();
    expect(waiting).toContain("status-set --application=False active -- full");
    // Any other hook never asks.
    const config = await run("config-changed", { status: "active", message: "" });
    expect(seen.pop()).toBeUndefined();
    expect(config.some((c) => c.startsWith("status-get"))).toBe(false);
  });

  it("lastStatus: in any hook, the status the last hook left (one status-get); ending on it sets nothing", async () => {
    const charm = defineCharm({
      metadata,
      async reconcile(ctx) {
        const [last, again] = await Promise.all([ctx.lastStatus(), ctx.lastStatus()]);
        expect(again).toEqual(last);
        if (last.name === "active") return ctx.status.active(last.message);
        ctx.status.active("full");
      },
    });
    const run = async (status: string) => {
      const runner = new RecordingToolRunner({
        "config-get": jsonOutput({ mode: "a" }),
        "is-leader": jsonOutput(true),
        "status-get": jsonOutput({ status, message: "kept", "status-data": {} }),
      });
      expect(await runCharm(charm, { runner, write, env: env("hooks/config-changed") })).toBe(0);
      return runner.calls.map((c) => c.tool);
    };
    expect(await run("active")).toEqual(["is-leader", "config-get", "status-get"]);
    expect(await run("blocked")).toEqual(["is-leader", "config-get", "status-get", "status-set"]);
  });

  it("runs the dedicated handler, then reconcile, then sets the worst status once", async () => {
    const order: string[] = [];
    const charm = defineCharm({
      metadata,
      on: {
        "relation-broken": async (_ctx, event) => {
          order.push(`broken ${event.relationId}`);
        },
      },
      async reconcile(ctx) {
        const relations = await ctx.relations("db");
        order.push(`reconcile ${relations.map((r) => r.id).join(",")}`);
        ctx.status.active();
        ctx.status.waiting("for db");
      },
    });
    const runner = juju();
    const code = await runCharm(charm, {
      runner,
      write,
      env: env("hooks/db-relation-broken", {
        JUJU_RELATION: "db",
        JUJU_RELATION_ID: "db:2",
        JUJU_REMOTE_APP: "pg",
      }),
    });
    expect(code).toBe(0);
    // The broken relation is left out of ctx.relations().
    expect(order).toEqual(["broken 2", "reconcile 1"]);
    const statusCalls = runner.calls.filter((c) => c.tool === "status-set");
    expect(statusCalls.map((c) => c.args)).toEqual([["--application=False", "waiting", "--", "for db"]]);
  });

  it("asks config-get and is-leader once however often the charm asks", async () => {
    const runner = juju();
    const code = await runCharm(
      defineCharm({
        metadata,
        async reconcile(ctx) {
          await Promise.all([ctx.isLeader(), ctx.isLeader(), ctx.relations("db"), ctx.relations("db")]);
          expect(ctx.config).toEqual({ mode: "a" });
          expect(ctx.config).toEqual({ mode: "a" });
        },
      }),
      { runner, write, env: env("hooks/config-changed") },
    );
    expect(code).toBe(0);
    expect(runner.calls.map((c) => c.tool).sort()).toEqual(["config-get", "is-leader", "relation-ids"]);
  });

  it("blocks on invalid config without running reconcile, and exits 0", async () => {
    let reconciled = false;
    const runner = juju({ mode: "zz", token: "not-a-secret" });
    const code = await runCharm(
      defineCharm({
        metadata,
        config: { mode: z.enum(["a", "b"]) },
        async reconcile() {
          reconciled = true;
        },
      }),
      { runner, write, env: env("hooks/config-changed") },
    );
    expect(code).toBe(0);
    expect(reconciled).toBe(false);
    const status = runner.calls.find((c) => c.tool === "status-set")!;
    expect(status.args[1]).toBe("blocked");
    expect(status.args[3]).toContain('mode="zz" (allowed: one of a, b)');
    expect(status.args[3]).toContain('token="not-a-secret" (allowed: a secret URI');
  });

  it("a handler reading invalid config gets Blocked, not a crash", async () => {
    const runner = juju({ mode: 7 });
    const code = await runCharm(
      defineCharm({
        metadata,
        on: {
          "secret-rotate": async (ctx) => {
            void ctx.config;
          },
        },
      }),
      { runner, write, env: env("hooks/secret-rotate", { JUJU_SECRET_ID: "secret:9m4e2mr0ui3e8a215n4g" }) },
    );
    expect(code).toBe(0);
    expect(runner.calls.find((c) => c.tool === "status-set")?.args[1]).toBe("blocked");
  });

  it("fails the hook on an unexpected error, logging it through juju-log", async () => {
    const runner = juju();
    runner.answer("relation-ids", jujuError("permission denied"));
    const code = await runCharm(
      defineCharm({
        metadata,
        async reconcile(ctx) {
          ctx.status.maintenance("starting");
          await ctx.relations("db");
        },
      }),
      { runner, write, env: env("hooks/update-status") },
    );
    expect(code).toBe(1);
    const log = runner.calls.find((c) => c.tool === "juju-log")!;
    expect(log.args).toEqual(expect.arrayContaining(["--log-level", "ERROR"]));
    expect(log.args.join(" ")).toContain("permission denied");
    // Status reported before the failure is still set (status-set is immediate in Juju).
    expect(runner.calls.find((c) => c.tool === "status-set")?.args[1]).toBe("maintenance");
  });

  it("does nothing for an event with no handler and no reconcile", async () => {
    const runner = juju();
    const code = await runCharm(defineCharm({ metadata }), { runner, write, env: env("hooks/install") });
    expect(code).toBe(0);
    expect(runner.calls).toEqual([]);
  });

  it("does not reconcile on actions, stop and remove", async () => {
    for (const hook of ["hooks/stop", "hooks/remove"]) {
      let reconciled = false;
      await runCharm(
        defineCharm({
          metadata,
          async reconcile() {
            reconciled = true;
          },
        }),
        { runner: juju(), write, env: env(hook) },
      );
      expect(reconciled).toBe(false);
    }
  });

  it("runs an action with parsed params, sends results once and can fail it", async () => {
    const runner = juju();
    runner.answer("action-get", jsonOutput({ count: 3 }));
    const charm = defineCharm({
      metadata,
      actions: {
        bump: {
          params: z.object({ count: z.number().int() }),
          async run(_ctx, action) {
            action.setResults({ result: { count: action.params.count + 1 } });
            action.setResults({ note: "done" });
            action.fail("only pretending");
          },
        },
      },
    });
    const code = await runCharm(charm, {
      runner,
      write,
      env: env("actions/bump", { JUJU_ACTION_UUID: "9" }),
    });
    expect(code).toBe(0);
    expect(runner.calls.filter((c) => c.tool === "action-set").map((c) => c.args)).toEqual([
      ["result.count=4", "note=done"],
    ]);
    expect(runner.calls.find((c) => c.tool === "action-fail")?.args).toEqual(["--", "only pretending"]);
  });

  it("fails an action whose params do not parse, and one the charm does not implement", async () => {
    const runner = juju();
    runner.answer("action-get", jsonOutput({ count: "x" }));
    const charm = defineCharm({
      metadata,
      actions: { bump: { params: z.object({ count: z.number() }), run: async () => undefined } },
    });
    await runCharm(charm, { runner, write, env: env("actions/bump") });
    expect(runner.calls.find((c) => c.tool === "action-fail")?.args.join(" ")).toContain(
      "invalid parameters: count",
    );

    const other = juju();
    await runCharm(charm, { runner: other, write, env: env("actions/missing") });
    expect(other.calls.find((c) => c.tool === "action-fail")?.args.join(" ")).toContain(
      'action "missing" is not implemented',
    );
  });

  it("redacts registered secrets from the status message and every log line", async () => {
    lines.length = 0;
    const secret = "k3y-0123456789abcdef";
    const runner = juju();
    await runCharm(
      defineCharm({
        metadata,
        async reconcile(ctx) {
          ctx.redact(secret);
          ctx.log.warn(`rejected ${secret}`);
          ctx.status.blocked(`key ${secret} refused`);
        },
      }),
      { runner, write, env: env("hooks/update-status") },
    );
    const seen = [...lines, ...runner.calls.flatMap((c) => [...c.args, c.input ?? ""])].join("\n");
    expect(seen).not.toContain(secret);
    expect(runner.calls.find((c) => c.tool === "status-set")?.args[3]).toBe("key «redacted» refused");
  });

  it("sets a status message of bounded length, redacted before it is cut (no half secret left)", async () => {
    const secret = "k3y-0123456789abcdef";
    const runner = juju();
    const filler = "x".repeat(MAX_STATUS_MESSAGE - 10);
    await runCharm(
      defineCharm({
        metadata,
        async reconcile(ctx) {
          ctx.redact(secret);
          ctx.status.waiting(`${filler} ${secret} and ${"y".repeat(300_000)}`);
        },
      }),
      { runner, write, env: env("hooks/update-status") },
    );
    const message = runner.calls.find((c) => c.tool === "status-set")?.args[3] ?? "";
    expect(message.length).toBe(MAX_STATUS_MESSAGE);
    expect(message.startsWith(`${filler} «red`)).toBe(true);
    expect(message).not.toContain(secret.slice(0, 6));
  });

  it("gives Pebble clients for declared containers only, at Juju's socket path", async () => {
    const code = await runCharm(
      defineCharm({
        metadata,
        async reconcile(ctx) {
          expect(ctx.container("app").socketPath).toBe("/charm/containers/app/pebble.socket");
          expect(ctx.container("app")).toBe(ctx.container("app"));
          expect(() => ctx.container("nope")).toThrow(/not declared/);
        },
      }),
      { runner: juju(), write, env: env("hooks/update-status") },
    );
    expect(code).toBe(0);
  });

  it("fails with a clear log when not started by Juju", async () => {
    lines.length = 0;
    const code = await runCharm(defineCharm({ metadata }), { runner: juju(), write, env: {} });
    expect(code).toBe(1);
    expect(lines.join("")).toContain("JUJU_UNIT_NAME is not set");
  });

  it("runs features' handlers before the charm's own, and merges their config and actions", async () => {
    const order: string[] = [];
    const feature = {
      name: "rotation",
      config: { mode: z.enum(["a", "b"]) },
      on: {
        "secret-rotate": async () => {
          order.push("feature");
        },
      },
      actions: { spin: { params: z.object({}), run: async () => void order.push("feature action") } },
    };
    const charm = defineCharm({
      metadata,
      features: [feature],
      on: {
        "secret-rotate": async () => {
          order.push("charm");
        },
      },
      async reconcile() {
        order.push("reconcile");
      },
    });
    const rotate = env("hooks/secret-rotate", { JUJU_SECRET_ID: "secret:9m4e2mr0ui3e8a215n4g" });
    expect(await runCharm(charm, { runner: juju(), write, env: rotate })).toBe(0);
    expect(order).toEqual(["feature", "charm", "reconcile"]);

    const runner = juju({ mode: "c" });
    await runCharm(charm, { runner, write, env: env("hooks/config-changed") });
    expect(runner.calls.find((c) => c.tool === "status-set")?.args[3]).toContain(
      'mode="c" (allowed: one of a, b)',
    );

    order.length = 0;
    await runCharm(charm, { runner: juju(), write, env: env("actions/spin") });
    expect(order).toEqual(["feature action"]);
  });
});

describe("secret content files of a killed hook", () => {
  it("are swept at the start of the next hook, from the unit's private directory in its charm dir", async () => {
    const charmDir = mkdtempSync(join(tmpdir(), "charm-dir-"));
    try {
      const secretFiles = join(charmDir, SECRET_FILES_DIR, "demo-0");
      // A hook killed inside secret-set: its files were written and nothing removed them.
      let written: string[] = [];
      void withSecretContentFiles(
        { password: "left-behind-by-a-killed-hook" },
        (args) => {
          written = args;
          return new Promise<never>(() => {});
        },
        secretFiles,
      );
      await vi.waitFor(() => expect(written).toHaveLength(1));
      const leftover = written[0]!.split("#file=")[1]!;
      expect(readFileSync(leftover, "utf8")).toBe("left-behind-by-a-killed-hook");
      expect(statSync(secretFiles).mode & 0o777).toBe(0o700);

      const runner = Object.assign(juju(), { secretFilesDir: secretFiles });
      const code = await runCharm(defineCharm({ metadata, async reconcile() {} }), {
        runner,
        write,
        env: env("hooks/update-status", { JUJU_CHARM_DIR: charmDir }),
      });
      expect(code).toBe(0);
      expect(existsSync(leftover)).toBe(false);
      expect(readdirSync(secretFiles)).toEqual([]);
    } finally {
      rmSync(charmDir, { recursive: true, force: true });
    }
  });
});
