import { deserialize, serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  agentsFixture,
  CLIENT_YAML,
  hooksOf,
  MINUTE,
  PEERS_YAML,
  probeCharm,
} from "../../testing/events/test-support";
import type { ManualClock } from "../model/clock";
import { Model } from "../model/model";
import { inProcessRunner } from "./in-process-runner";
import { UnitAgent } from "./unit-agent";
import { UnitAgents } from "./unit-agents";

const server = probeCharm(PEERS_YAML, undefined, {
  ping: { params: z.object({}), run: async (_ctx, action) => action.setResults({ pong: "yes" }) },
});
const client = probeCharm(CLIENT_YAML);

/** A settled model: server/0 (leader), server/1 and client/0, related. */
async function settledModel() {
  const f = agentsFixture();
  f.deploy("server", server, { units: 2 });
  f.deploy("client", client);
  f.model.integrate("client", "server");
  await f.agents.settle();
  return f;
}

/** What a controller restart does: the saved bytes back into a new model and new agents. */
function restart(saved: Buffer, clock: ManualClock, uuid: string) {
  const { state, agents: snapshot } = deserialize(saved);
  const model = new Model({ clock, uuid });
  model.restoreState(state);
  const agents = new UnitAgents({ model });
  agents.setRunner("server", inProcessRunner(server));
  agents.setRunner("client", inProcessRunner(client));
  agents.restore(snapshot);
  return { model, agents };
}

describe("unit agents across a controller restart", () => {
  it("come back with their records: the recreated pods' hooks run, not install nor the relation hooks again", async () => {
    const f = await settledModel();
    const saved = serialize({ state: f.model.state, agents: f.agents.snapshot() });
    const { model, agents } = restart(saved, f.clock, f.model.uuid);
    const ran = await agents.settle();
    expect(hooksOf(ran, "server/0")).toEqual(["upgrade-charm", "config-changed", "start"]);
    expect(hooksOf(ran, "server/1")).toEqual([
      "upgrade-charm",
      "config-changed",
      "leader-settings-changed",
      "start",
    ]);
    expect(hooksOf(ran, "client/0")).toEqual(["upgrade-charm", "config-changed", "start"]);
    expect(model.app("server").leader).toBe("server/0");
    // Nothing else is owed afterwards: relations, leadership and storage were all kept.
    expect(await agents.settle()).toEqual([]);
  });

  it("keep finished actions' outcomes (with the model's tasks)", async () => {
    const f = await settledModel();
    const id = f.agents.queueAction("server/0", "ping");
    await f.agents.settle();
    const outcome = f.agents.actionOutcome(id);
    expect(outcome).toMatchObject({ status: "completed", results: { pong: "yes" } });
    const saved = serialize({ state: f.model.state, agents: f.agents.snapshot(), tasks: [...f.model.tasks] });
    const { model, agents } = restart(saved, f.clock, f.model.uuid);
    for (const [taskId, task] of deserialize(saved).tasks) model.tasks.set(taskId, task);
    expect(agents.actionOutcome(id)).toEqual(outcome);
    // New actions get new ids.
    expect(agents.queueAction("server/0", "ping")).not.toBe(id);
  });

  it("keep what was still owed: a queued action and a config change run after the restart", async () => {
    const f = await settledModel();
    const id = f.agents.queueAction("server/1", "ping");
    f.model.setConfig("server", { mode: "b" });
    const saved = serialize({ state: f.model.state, agents: f.agents.snapshot() });
    const { agents } = restart(saved, f.clock, f.model.uuid);
    const ran = await agents.settle();
    expect(hooksOf(ran, "server/1")).toContain("ping-action");
    expect(agents.actionOutcome(id)).toMatchObject({ status: "completed", results: { pong: "yes" } });
    // The churn's config-changed carries the new config: no second one.
    expect(hooksOf(ran, "server/0").filter((h) => h === "config-changed")).toHaveLength(1);
  });

  it("a relation added while the controller was down is joined after the restart", async () => {
    const f = agentsFixture();
    f.deploy("server", server);
    f.deploy("client", client);
    await f.agents.settle();
    f.model.integrate("client", "server");
    const saved = serialize({ state: f.model.state, agents: f.agents.snapshot() });
    const { agents } = restart(saved, f.clock, f.model.uuid);
    const ran = await agents.settle();
    expect(hooksOf(ran, "client/0")).toEqual([
      "upgrade-charm",
      "config-changed",
      "start",
      "db-relation-created",
      "db-relation-joined server/0",
      "db-relation-changed server/0",
    ]);
  });

  it("update-status keeps its schedule", async () => {
    const f = await settledModel();
    const saved = serialize({ state: f.model.state, agents: f.agents.snapshot() });
    const { agents } = restart(saved, f.clock, f.model.uuid);
    await agents.settle();
    f.clock.advance(5 * MINUTE);
    expect(hooksOf(await agents.settle(), "server/0")).toEqual(["update-status"]);
  });

  it("restore comes before any agent exists", async () => {
    const f = await settledModel();
    expect(() => f.agents.restore(f.agents.snapshot())).toThrow(/before any unit has an agent/);
  });
});

describe("UnitAgent snapshot", () => {
  it("round-trips through node:v8 and drops a failed hook and the pod's Pebble events", () => {
    const agent = new UnitAgent("web/0", 300_000);
    agent.completed({ kind: "hook", env: { hook: "install" }, effect: { kind: "install" } }, new Date(0));
    agent.completed(
      {
        kind: "hook",
        env: { hook: "db-relation-created", relationId: 3, remoteApp: "db" },
        effect: { kind: "relation-created", relationId: 3, endpoint: "db", remoteApp: "db", peer: false },
      },
      new Date(0),
    );
    agent.relations.get(3)?.members.add("db/0");
    agent.secretChanged("abc", "creds", 2);
    agent.queuePebble({ kind: "ready", container: "web" });
    agent.failed({ kind: "hook", env: { hook: "start" }, effect: { kind: "start" } }, new Date(0));
    const snapshot = deserialize(serialize(agent.snapshot()));
    const back = UnitAgent.restore(snapshot, 300_000);
    expect(back.installed).toBe(true);
    expect(back.error).toBeUndefined();
    expect([...(back.relations.get(3)?.members ?? [])]).toEqual(["db/0"]);
    expect(back.snapshot()).toEqual({ ...agent.snapshot(), agentStatus: back.snapshot().agentStatus });
  });

  it("podRecreated owes no stop and nothing before install", () => {
    const agent = new UnitAgent("web/0", 300_000);
    expect(agent.podRecreated()).toBe(false);
    agent.installed = true;
    expect(agent.podRecreated()).toBe(true);
    expect(agent.snapshot().churn).toEqual([
      "upgrade-charm",
      "config-changed",
      "leader-settings-changed",
      "start",
    ]);
  });

  it("a recreated pod's agent is not idle until its hooks run: the last workload status stays, the agent initialises", () => {
    const agent = new UnitAgent("web/0", 300_000);
    agent.installed = true;
    agent.agentStatus = { status: "idle", message: "" };
    agent.podRecreated();
    // What a watcher sees while the new pod starts: not a unit at rest (juju/juju#22498).
    expect(agent.agentStatus).toEqual({ status: "allocating", message: "agent initialising" });
  });
});
