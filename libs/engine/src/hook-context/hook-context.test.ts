import type { ToolRunner } from "@charmarr/charm";
import { describe, expect, it } from "vitest";
import { addSecret, fixture, ok, runCommitted, tool } from "../../testing/hook-context/test-fixtures";

describe("HookContext", () => {
  it("is a ToolRunner", () => {
    const { model } = fixture();
    const runner: ToolRunner = model.openContext("indexer/0", { hook: "install" });
    expect(typeof runner.run).toBe("function");
  });

  it("applies every buffered change together on commit", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    await tool(ctx, "relation-set", "-r", String(relationId), "url=http://i");
    await tool(ctx, "relation-set", "-r", String(relationId), "--app", "api=v1");
    await tool(ctx, "open-port", "9696");
    await tool(ctx, "state-set", "k=v");
    const uri = (await tool(ctx, "secret-add", "key=v")).stdout.trim();
    expect(model.relation(relationId).unitData.get("indexer/0")?.has("url")).toBe(false);
    expect(ctx.commit()).toEqual({ ok: true });
    expect(model.relation(relationId).unitData.get("indexer/0")?.get("url")).toBe("http://i");
    expect(model.relation(relationId).appData.get("indexer")?.get("api")).toBe("v1");
    expect(model.unit("indexer/0").openedPorts.get("")).toHaveLength(1);
    expect(model.unit("indexer/0").state.get("k")).toBe("v");
    expect(model.secret(uri)).toBeDefined();
  });

  it("drops every buffered change on discard but keeps immediate ones", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "config-changed" });
    await tool(ctx, "relation-set", "-r", String(relationId), "url=http://i");
    await tool(ctx, "open-port", "9696");
    await tool(ctx, "state-set", "k=v");
    const uri = (await tool(ctx, "secret-add", "key=v")).stdout.trim();
    await tool(ctx, "status-set", "active", "ready");
    await tool(ctx, "application-version-set", "4.0");
    await tool(ctx, "juju-log", "logged");
    ctx.discard();
    expect(model.relation(relationId).unitData.get("indexer/0")?.has("url")).toBe(false);
    expect(model.unit("indexer/0").openedPorts.size).toBe(0);
    expect(model.unit("indexer/0").state.size).toBe(0);
    expect(model.secret(uri)).toBeUndefined();
    expect(model.unit("indexer/0").workloadStatus.status).toBe("active");
    expect(model.app("indexer").version).toBe("4.0");
    expect(model.logs.at(-1)?.message).toBe("logged");
    expect(model.notifications).toEqual([]);
  });

  it("reports a flush the controller rejects, and applies none of it", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v");
    const ctx = model.openContext("manager/0", { hook: "x" });
    await tool(ctx, "relation-set", "-r", String(relationId), "a=b");
    await tool(ctx, "secret-set", xid, "key=stolen");
    expect(ctx.commit()).toEqual({ ok: false, error: "permission denied" });
    expect(model.relation(relationId).unitData.get("manager/0")?.has("a")).toBe(false);
    expect(model.notifications).toEqual([]);
  });

  it("lets a test inject a flush failure", async () => {
    const { model } = fixture();
    model.commitFault = (unit) => (unit === "indexer/0" ? "connection reset" : undefined);
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "state-set", "k=v");
    expect(ctx.commit()).toEqual({ ok: false, error: "connection reset" });
    expect(model.unit("indexer/0").state.size).toBe(0);
  });

  it("fails app-bag writes at commit if leadership was lost during the hook", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "relation-set", "-r", String(relationId), "--app", "k=v");
    model.setLeader("indexer/1");
    expect(ctx.commit()).toEqual({ ok: false, error: "permission denied" });
  });

  it("refuses tool calls once the hook is over, and a second commit", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" }, { id: "indexer/0-x-1" });
    ctx.commit();
    expect(await tool(ctx, "is-leader")).toEqual({
      stdout: "",
      stderr: "ERROR bad request: context indexer/0-x-1 is not running\n",
      exitCode: 1,
    });
    expect(() => ctx.commit()).toThrow("already committed");
  });

  it("answers unknown tool names like a missing executable", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "leader-get")).toEqual({
      stdout: "",
      stderr: "leader-get: command not found\n",
      exitCode: 127,
    });
  });

  it("serialises concurrent tool calls in call order", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const [a, b, c] = await Promise.all([
      tool(ctx, "state-set", "k=1"),
      tool(ctx, "state-set", "k=2"),
      tool(ctx, "state-get", "k"),
    ]);
    expect([a.exitCode, b.exitCode, c]).toEqual([0, 0, ok("2\n")]);
  });

  it("only sees relations that existed when the hook started", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    model.deploy("other", "name: other\nrequires:\n  media-indexer: {interface: media-indexer}\n");
    model.integrate("indexer", "other");
    expect(await tool(ctx, "relation-ids", "media-indexer", "--format=json")).toEqual(
      ok('["media-indexer:1"]\n'),
    );
  });

  it("exposes the pending changes as data", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "relation-set", "-r", String(relationId), "a=1", "b=");
    await tool(ctx, "storage-add", "config");
    const changes = ctx.changes();
    expect(changes.relationSettings).toEqual([
      {
        relationId,
        unit: new Map([
          ["a", "1"],
          ["b", null],
        ]),
      },
    ]);
    expect(changes.storageAdds).toEqual([{ storage: "config", count: 1 }]);
    expect(changes.charmState).toBeUndefined();
  });
});

describe("relation-changed facts", () => {
  it("owes relation-changed to each remote unit only when committed data really changed", async () => {
    const { model, relationId } = fixture();
    await runCommitted(model, "indexer/0", "relation-set", "-r", String(relationId), "url=http://i");
    expect(model.takeNotifications()).toEqual([
      {
        kind: "relation-changed",
        relationId,
        unit: "manager/0",
        remoteUnit: "indexer/0",
        remoteApp: "indexer",
      },
      {
        kind: "relation-changed",
        relationId,
        unit: "manager/1",
        remoteUnit: "indexer/0",
        remoteApp: "indexer",
      },
    ]);
    await runCommitted(model, "indexer/0", "relation-set", "-r", String(relationId), "url=http://i", "gone=");
    expect(model.takeNotifications()).toEqual([]);
  });

  it("owes app-bag changes to remote units with no remote unit set", async () => {
    // [~] Per the contract an app-bag change gives one relation-changed with JUJU_REMOTE_UNIT empty.
    const { model, relationId } = fixture();
    await runCommitted(model, "manager/0", "relation-set", "-r", String(relationId), "--app", "k=v");
    expect(model.takeNotifications()).toEqual([
      { kind: "relation-changed", relationId, unit: "indexer/0", remoteApp: "manager" },
      { kind: "relation-changed", relationId, unit: "indexer/1", remoteApp: "manager" },
    ]);
  });

  it("never owes the writer a relation-changed for its own writes, peer leader included", async () => {
    const { model, peerId } = fixture();
    await runCommitted(model, "indexer/0", "relation-set", "-r", String(peerId), "--app", "k=v");
    await runCommitted(model, "indexer/0", "relation-set", "-r", String(peerId), "u=1");
    expect(model.takeNotifications().map((n) => n.kind === "relation-changed" && n.unit)).toEqual([
      "indexer/1",
      "indexer/1",
    ]);
  });
});

describe("secret-rotate hooks", () => {
  it("reschedule rotation at commit: +5 minutes without a new revision, one period on with one", async () => {
    const { model, clock } = fixture();
    const xid = await addSecret(model, "indexer/0", "--rotate", "daily", "key=v1");
    const due = model.secret(xid)?.nextRotateTime;
    expect(due).toEqual(new Date("2025-01-02T00:00:00Z"));
    clock.set("2025-01-02T00:00:00Z");
    const idle = model.openContext("indexer/0", {
      hook: "secret-rotate",
      secret: { uri: `secret:${xid}`, label: "" },
    });
    idle.commit();
    expect(model.secret(xid)?.nextRotateTime).toEqual(new Date("2025-01-02T00:05:00Z"));
    clock.set("2025-01-02T00:05:00Z");
    const rotating = model.openContext("indexer/0", {
      hook: "secret-rotate",
      secret: { uri: `secret:${xid}`, label: "" },
    });
    await tool(rotating, "secret-set", xid, "key=v2");
    rotating.commit();
    expect(model.secret(xid)?.nextRotateTime).toEqual(new Date("2025-01-03T00:05:00Z"));
  });

  it("do not reschedule when the hook failed (it will be retried)", async () => {
    const { model, clock } = fixture();
    const xid = await addSecret(model, "indexer/0", "--rotate", "hourly", "key=v1");
    clock.advance(3600_000);
    model.openContext("indexer/0", { hook: "secret-rotate", secret: { uri: xid } }).discard();
    expect(model.secret(xid)?.nextRotateTime).toEqual(new Date("2025-01-01T01:00:00Z"));
  });
});
