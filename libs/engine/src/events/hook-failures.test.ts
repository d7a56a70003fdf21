import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  agentsFixture,
  CLIENT_YAML,
  hooksOf,
  MINUTE,
  PEERS_YAML,
  probeCharm,
  SECOND,
} from "../../testing/events/test-support";
import { HookKilledError } from "./kill-switch";

/** Writes its mode into the db relations on config-changed (leader), then fails if the mode is `bad`. */
function fragileServer(errors: unknown[] = []) {
  return probeCharm(
    PEERS_YAML,
    async (ctx) => {
      if (ctx.event.kind !== "config-changed") return;
      const mode = String((ctx.config as Record<string, unknown>).mode);
      try {
        for (const relation of await ctx.relations("db")) await relation.setAppData({ mode });
      } catch (err) {
        errors.push(err);
        throw err;
      }
      if (mode === "bad") throw new Error("bad mode");
    },
    { ping: { params: z.object({}), run: async (_ctx, action) => action.setResults({ pong: "yes" }) } },
  );
}

async function fixture() {
  const f = agentsFixture();
  f.deploy("server", fragileServer());
  f.deploy("client", probeCharm(CLIENT_YAML));
  const relation = f.model.integrate("client", "server");
  await f.agents.settle();
  return { ...f, relation };
}

describe("a failing hook", () => {
  it("discards its changes, puts the unit in error, retries after 5 s, 10 s, 20 s, and blocks other hooks", async () => {
    const { agents, model, clock, relation } = await fixture();
    model.setConfig("server", { mode: "bad" });
    const [failed] = await agents.settle();
    expect(failed).toMatchObject({
      unit: "server/0",
      hook: "config-changed",
      result: "failed",
      exitCode: 1,
      attempt: 1,
    });
    expect(Object.fromEntries(model.relation(relation.id).appData.get("server") ?? [])).toEqual({
      mode: "a",
    });
    expect(agents.unitStatus("server/0")).toMatchObject({
      status: "error",
      message: 'hook failed: "config-changed"',
      workload: { status: "active" },
    });
    // Hook output went to the unit's log, stderr-less records at DEBUG.
    expect(model.logs.some((l) => l.module === "unit.server/0.config-changed" && l.level === "DEBUG")).toBe(
      true,
    );

    const retries: number[] = [];
    for (const delay of [5, 10, 20]) {
      clock.advance(delay * SECOND - 1);
      expect(await agents.settle()).toEqual([]);
      clock.advance(1);
      const ran = await agents.settle();
      expect(ran.map((r) => [r.hook, r.result])).toEqual([["config-changed", "failed"]]);
      retries.push(ran[0]!.attempt);
    }
    expect(retries).toEqual([2, 3, 4]);

    // Update-status is due and the client changed nothing: still only the retry may run.
    clock.advance(5 * MINUTE);
    expect(hooksOf(await agents.settle(), "server/0")).toEqual(["config-changed"]);

    model.setConfig("server", { mode: "good" });
    clock.advance(5 * MINUTE);
    const recovered = await agents.settle();
    expect(hooksOf(recovered, "server/0")).toEqual(["config-changed", "config-changed", "update-status"]);
    expect(recovered.find((r) => r.unit === "server/0")).toMatchObject({ result: "ok", attempt: 6 });
    expect(agents.unitStatus("server/0")).toMatchObject({ status: "active", agent: { status: "idle" } });
    expect(Object.fromEntries(model.relation(relation.id).appData.get("server") ?? [])).toEqual({
      mode: "good",
    });
  });

  it("caps the back-off at 5 minutes", async () => {
    const { agents, model, clock } = await fixture();
    model.setConfig("server", { mode: "bad" });
    await agents.settle();
    let waited = 0;
    for (let attempt = 2; attempt <= 10; attempt++) {
      const delay = Math.min(5 * SECOND * 2 ** (attempt - 2), 5 * MINUTE);
      clock.advance(delay);
      waited += delay;
      const ran = (await agents.settle()).filter((r) => r.unit === "server/0");
      expect(ran.map((r) => r.attempt)).toEqual([attempt]);
    }
    expect(waited).toBe(5 * SECOND * (1 + 2 + 4 + 8 + 16 + 32) + 3 * 5 * MINUTE);
  });

  it("still runs actions while the unit is in error", async () => {
    const { agents, model } = await fixture();
    model.setConfig("server", { mode: "bad" });
    await agents.settle();
    const id = agents.queueAction("server/0", "ping");
    const ran = await agents.settle();
    expect(ran.map((r) => [r.hook, r.result])).toEqual([["ping-action", "ok"]]);
    expect(agents.actionOutcome(id)).toMatchObject({
      status: "completed",
      results: { pong: "yes" },
      returnCode: 0,
    });
    expect(agents.unitStatus("server/0")).toMatchObject({ status: "error", agent: { status: "error" } });
  });

  it("fails when the commit is refused, though the charm exited 0", async () => {
    const { agents, model } = await fixture();
    model.commitFault = (unit) =>
      unit === "server/0" ? "cannot apply changes: controller unavailable" : undefined;
    model.setConfig("server", { mode: "b" });
    const [ran] = await agents.settle();
    expect(ran).toMatchObject({
      result: "failed",
      exitCode: 0,
      error: "cannot apply changes: controller unavailable",
    });
    expect(agents.unitStatus("server/0").status).toBe("error");
  });
});

describe("faults", () => {
  it("kill after a tool call: later calls throw HookKilledError, nothing commits, the hook runs again", async () => {
    const errors: unknown[] = [];
    const f = agentsFixture();
    f.deploy("server", fragileServer(errors));
    f.deploy("client", probeCharm(CLIENT_YAML));
    const relation = f.model.integrate("client", "server");
    await f.agents.settle();
    f.model.setConfig("server", { mode: "b" });
    // config-changed calls is-leader, config-get, relation-ids... then relation-set: stop before it lands.
    f.agents.faults.killHookAfterToolCall({ unit: "server/0", hook: "config-changed", n: 3 });
    const ran = await f.agents.settle();
    expect(hooksOf(ran, "server/0")).toEqual(["config-changed", "config-changed"]);
    expect(ran[0]).toMatchObject({ result: "killed", exitCode: null });
    expect(ran[0]!.toolCalls).toHaveLength(3);
    expect(ran[1]).toMatchObject({ result: "ok", attempt: 1 });
    expect(errors.some((e) => e instanceof HookKilledError)).toBe(true);
    expect(Object.fromEntries(f.model.relation(relation.id).appData.get("server") ?? [])).toEqual({
      mode: "b",
    });
    expect(f.agents.unitStatus("server/0")).toMatchObject({ status: "active" });
  });

  it("fail the nth call of a tool: the charm sees the error output", async () => {
    const { agents, model, clock } = await fixture();
    agents.faults.failToolCall({
      unit: "server/0",
      tool: "relation-ids",
      nth: 1,
      output: { stderr: "ERROR connection refused\n" },
    });
    model.setConfig("server", { mode: "b" });
    const [failed] = await agents.settle();
    expect(failed).toMatchObject({ hook: "config-changed", result: "failed" });
    expect(failed!.toolCalls.find((c) => c.tool === "relation-ids")).toMatchObject({
      exitCode: 1,
      fault: "fail",
    });
    // The fault fired once: the retry is clean.
    clock.advance(5 * SECOND);
    const retried = (await agents.settle()).filter((r) => r.unit === "server/0");
    expect(retried.map((r) => [r.hook, r.result, r.attempt])).toEqual([["config-changed", "ok", 2]]);
  });
});
