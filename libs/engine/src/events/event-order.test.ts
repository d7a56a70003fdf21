import { defineCharm, type StatusInfo } from "@charmarr/charm";
import { describe, expect, it } from "vitest";
import {
  agentsFixture,
  CLIENT_YAML,
  describeHook,
  hooksOf,
  MINUTE,
  metadata,
  PEERS_YAML,
  probeCharm,
} from "../../testing/events/test-support";

// The leader writes its mode into every db relation on config-changed, so a test can make an
// application databag change.
const server = probeCharm(PEERS_YAML, async (ctx) => {
  if (ctx.event.kind !== "config-changed" || !(await ctx.isLeader())) return;
  const mode = String((ctx.config as Record<string, unknown>).mode);
  for (const relation of await ctx.relations("db")) await relation.setAppData({ mode });
});
const client = probeCharm(CLIENT_YAML);

function serverAndClient(serverUnits = 2) {
  const f = agentsFixture();
  f.deploy("server", server, { units: serverUnits });
  f.deploy("client", client);
  return f;
}

describe("deploy", () => {
  it("runs install, relation-created, leadership, config-changed, start, then storage and peers", async () => {
    const { agents } = serverAndClient();
    const ran = await agents.settle();
    expect(hooksOf(ran, "server/0")).toEqual([
      "install",
      "cluster-relation-created",
      "leader-elected",
      "config-changed",
      "start",
      "data-storage-attached",
      "cluster-relation-joined server/1",
      "cluster-relation-changed server/1",
    ]);
    expect(hooksOf(ran, "server/1")).toEqual([
      "install",
      "cluster-relation-created",
      "leader-settings-changed",
      "config-changed",
      "start",
      "data-storage-attached",
      "cluster-relation-joined server/0",
      "cluster-relation-changed server/0",
    ]);
    expect(hooksOf(ran, "client/0")).toEqual(["install", "leader-elected", "config-changed", "start"]);
    expect(ran.every((r) => r.result === "ok" && r.exitCode === 0)).toBe(true);
    expect(agents.unitStatus("server/1")).toMatchObject({ status: "active", agent: { status: "idle" } });
    expect(await agents.settle()).toEqual([]);
  });

  it("shows maintenance while installing and unknown after start when the charm sets no status", async () => {
    const seen: StatusInfo[] = [];
    const silent = defineCharm({
      metadata: metadata("name: silent"),
      on: {
        install: async (ctx) => void seen.push(await ctx.tools.statusGet()),
      },
    });
    const f = agentsFixture();
    f.deploy("silent", silent);
    expect(f.agents.unitStatus("silent/0")).toMatchObject({ status: "waiting", message: "installing agent" });
    await f.agents.settle();
    expect(seen).toMatchObject([{ status: "maintenance", message: "installing charm software" }]);
    expect(f.agents.unitStatus("silent/0")).toMatchObject({ status: "unknown", message: "" });
  });

  it("a unit added later installs, joins its peers, and they see it join", async () => {
    const { agents, model } = serverAndClient();
    model.integrate("client", "server");
    await agents.settle();
    model.addUnit("server");
    const ran = await agents.settle();
    expect(hooksOf(ran, "server/2")).toEqual([
      "install",
      "cluster-relation-created",
      "db-relation-created",
      "leader-settings-changed",
      "config-changed",
      "start",
      "data-storage-attached",
      "cluster-relation-joined server/0",
      "cluster-relation-changed server/0",
      "cluster-relation-joined server/1",
      "cluster-relation-changed server/1",
      "db-relation-joined client/0",
      "db-relation-changed client/0",
    ]);
    expect(hooksOf(ran, "server/0")).toEqual([
      "cluster-relation-joined server/2",
      "cluster-relation-changed server/2",
    ]);
    expect(hooksOf(ran, "client/0")).toEqual(["db-relation-joined server/2", "db-relation-changed server/2"]);
  });

  it("pebble-ready queued before install runs after install, with JUJU_WORKLOAD_NAME", async () => {
    const f = agentsFixture();
    f.deploy(
      "web",
      probeCharm("name: web\ncontainers: {site: {resource: img}}\nresources: {img: {type: oci-image}}"),
    );
    f.agents.pebbleEvent("web/0", { kind: "ready", container: "site" });
    const ran = await f.agents.settle();
    expect(hooksOf(ran, "web/0")).toEqual([
      "install",
      "leader-elected",
      "site-pebble-ready",
      "config-changed",
      "start",
    ]);
    expect(ran[2]?.env).toMatchObject({ workload: "site" });
    f.agents.pebbleEvent("web/0", {
      kind: "custom-notice",
      container: "site",
      noticeId: "7",
      key: "x.com/y",
    });
    f.agents.pebbleEvent("web/0", { kind: "check-failed", container: "site", check: "up" });
    const later = await f.agents.settle();
    expect(later.map((r) => r.hook)).toEqual(["site-pebble-custom-notice", "site-pebble-check-failed"]);
    expect(later[0]?.env.notice).toEqual({ id: "7", type: "custom", key: "x.com/y" });
    expect(later[1]?.env.checkName).toBe("up");
  });
});

describe("relations", () => {
  it("integrate: created, then joined and changed for each remote unit", async () => {
    const { agents, model } = serverAndClient();
    await agents.settle();
    const relation = model.integrate("client", "server");
    const ran = await agents.settle();
    expect(hooksOf(ran, "client/0")).toEqual([
      "db-relation-created",
      "db-relation-joined server/0",
      "db-relation-changed server/0",
      "db-relation-joined server/1",
      "db-relation-changed server/1",
    ]);
    for (const unit of ["server/0", "server/1"]) {
      expect(hooksOf(ran, unit)).toEqual([
        "db-relation-created",
        "db-relation-joined client/0",
        "db-relation-changed client/0",
      ]);
    }
    const created = ran.find((r) => r.unit === "client/0")!;
    expect(created.env).toEqual({
      hook: "db-relation-created",
      relationId: relation.id,
      remoteApp: "server",
    });
  });

  it("an application databag change gives the other side relation-changed with no remote unit, never the writer", async () => {
    const { agents, model } = serverAndClient();
    const relation = model.integrate("client", "server");
    await agents.settle();
    model.setConfig("server", { mode: "b" });
    const ran = await agents.settle();
    expect(ran.map((r) => `${r.unit} ${describeHook(r)}`)).toEqual([
      "server/0 config-changed",
      "server/1 config-changed",
      "client/0 db-relation-changed",
    ]);
    expect(ran[2]?.env.remoteUnit).toBeUndefined();
    expect(Object.fromEntries(model.relation(relation.id).appData.get("server") ?? [])).toEqual({
      mode: "b",
    });
    // Writing the same value again changes nothing: no hook.
    model.setConfig("server", { mode: "b" });
    expect(await agents.settle()).toEqual([]);
  });

  it("remove-relation: departed for each remote unit (relation-list without it), then broken, then the relation is gone", async () => {
    const listed: string[][] = [];
    const f = agentsFixture();
    f.deploy("server", server, { units: 2 });
    f.deploy(
      "client",
      probeCharm(CLIENT_YAML, async (ctx) => {
        if (ctx.event.kind === "relation-departed")
          listed.push(await ctx.tools.relationList(ctx.event.relationId));
      }),
    );
    const relation = f.model.integrate("client", "server");
    await f.agents.settle();
    f.model.removeRelation(relation.id);
    const ran = await f.agents.settle();
    expect(hooksOf(ran, "client/0")).toEqual([
      "db-relation-departed server/0 (departing server/0)",
      "db-relation-departed server/1 (departing server/1)",
      "db-relation-broken",
    ]);
    expect(listed).toEqual([["server/1"], []]);
    for (const unit of ["server/0", "server/1"]) {
      expect(hooksOf(ran, unit)).toEqual([
        "db-relation-departed client/0 (departing client/0)",
        "db-relation-broken",
      ]);
    }
    expect(f.model.state.relations.has(relation.id)).toBe(false);
  });
});

describe("leadership", () => {
  it("a new leader gets leader-elected, every other unit leader-settings-changed", async () => {
    const { agents, model } = serverAndClient(3);
    await agents.settle();
    model.setLeader("server/2");
    const ran = await agents.settle();
    expect(ran.map((r) => `${r.unit} ${r.hook}`)).toEqual([
      "server/0 leader-settings-changed",
      "server/1 leader-settings-changed",
      "server/2 leader-elected",
    ]);
  });

  it("leader-elected is skipped when leadership moved on before it ran", async () => {
    let failElected = true;
    const f = agentsFixture();
    f.deploy(
      "server",
      probeCharm(PEERS_YAML, async (ctx) => {
        if (ctx.event.kind === "leader-elected" && ctx.unit.name === "server/1" && failElected) {
          throw new Error("not now");
        }
      }),
      { units: 2 },
    );
    await f.agents.settle();
    f.model.setLeader("server/1");
    await f.agents.settle();
    expect(f.agents.unitStatus("server/1")).toMatchObject({
      status: "error",
      message: 'hook failed: "leader-elected"',
    });
    failElected = false;
    f.model.setLeader("server/0");
    f.clock.advance(5000);
    const ran = await f.agents.settle();
    // The retry finds server/1 no longer leader: it is dropped, and the unit catches up as a follower.
    expect(hooksOf(ran, "server/1")).toEqual(["leader-settings-changed"]);
    expect(hooksOf(ran, "server/0")).toEqual(["leader-elected"]);
    expect(f.agents.unitStatus("server/1")).toMatchObject({ status: "active" });
  });
});

describe("teardown", () => {
  it("remove-unit: departed from every relation, broken (not for peers), stop, storage-detaching, remove", async () => {
    const seen: [string, StatusInfo][] = [];
    const watched = defineCharm({
      metadata: metadata(PEERS_YAML),
      async reconcile(ctx) {
        ctx.status.active();
      },
      on: {
        stop: async (ctx) => void seen.push(["stop", await ctx.tools.statusGet()]),
        remove: async (ctx) => void seen.push(["remove", await ctx.tools.statusGet()]),
      },
    });
    const f = agentsFixture();
    f.deploy("server", watched, { units: 2 });
    f.deploy("client", client);
    f.model.integrate("client", "server");
    await f.agents.settle();
    f.agents.removeUnit("server/1");
    const ran = await f.agents.settle();
    expect(hooksOf(ran, "server/1")).toEqual([
      "cluster-relation-departed server/0 (departing server/1)",
      "db-relation-departed client/0 (departing server/1)",
      "db-relation-broken",
      "stop",
      "data-storage-detaching",
      "remove",
    ]);
    expect(hooksOf(ran, "server/0")).toEqual(["cluster-relation-departed server/1 (departing server/1)"]);
    expect(hooksOf(ran, "client/0")).toEqual(["db-relation-departed server/1 (departing server/1)"]);
    expect(seen).toMatchObject([
      ["stop", { status: "maintenance", message: "stopping charm software" }],
      ["remove", { status: "maintenance", message: "cleaning up prior to charm deletion" }],
    ]);
    expect(f.model.units("server")).toEqual(["server/0"]);
  });

  it("removing the leader's unit hands leadership on", async () => {
    const { agents, model } = serverAndClient();
    await agents.settle();
    agents.removeUnit("server/0");
    const ran = await agents.settle();
    expect(hooksOf(ran, "server/1")).toEqual([
      "cluster-relation-departed server/0 (departing server/0)",
      "leader-elected",
    ]);
    expect(model.app("server").leader).toBe("server/1");
  });

  it("remove-application: its units tear down, the other side breaks, then the application and relation are gone", async () => {
    const { agents, model } = serverAndClient();
    const relation = model.integrate("client", "server");
    await agents.settle();
    agents.removeApplication("client");
    const ran = await agents.settle();
    expect(hooksOf(ran, "client/0")).toEqual([
      "db-relation-departed server/0 (departing client/0)",
      "db-relation-departed server/1 (departing client/0)",
      "db-relation-broken",
      "stop",
      "remove",
    ]);
    expect(hooksOf(ran, "server/0")).toEqual([
      "db-relation-departed client/0 (departing client/0)",
      "db-relation-broken",
    ]);
    expect(model.state.apps.has("client")).toBe(false);
    expect(model.state.relations.has(relation.id)).toBe(false);
  });

  it("a unit removed before it installed goes without hooks", async () => {
    const { agents, model } = serverAndClient();
    agents.removeUnit("client/0");
    const ran = await agents.settle();
    expect(hooksOf(ran, "client/0")).toEqual([]);
    expect(model.units("client")).toEqual([]);
  });
});

describe("update-status", () => {
  it("fires every 5 minutes after start, after anything else due", async () => {
    const { agents, model, clock } = serverAndClient(1);
    await agents.settle();
    clock.advance(5 * MINUTE - 1);
    expect(await agents.settle()).toEqual([]);
    clock.advance(1);
    model.setConfig("server", { mode: "c" });
    const ran = await agents.settle();
    expect(hooksOf(ran, "server/0")).toEqual(["config-changed", "update-status"]);
    expect(hooksOf(ran, "client/0")).toEqual(["update-status"]);
    // Not shown as executing; the status stays the charm's.
    expect(agents.unitStatus("server/0")).toMatchObject({ status: "active", agent: { status: "idle" } });
    clock.advance(5 * MINUTE);
    expect((await agents.settle()).map((r) => r.hook)).toEqual(["update-status", "update-status"]);
  });

  it("follows a configured interval", async () => {
    const f = agentsFixture({ updateStatusIntervalMs: MINUTE });
    f.deploy("client", client);
    await f.agents.settle();
    f.clock.advance(MINUTE);
    expect((await f.agents.settle()).map((r) => r.hook)).toEqual(["update-status"]);
  });
});
