// §8 behaviours 15–25: which hooks run, in what order.
import { describe, expect, it } from "vitest";
import type { TestModel } from "../test-model";
import { driven, hooksOf, MINUTE, must, probe, useModel } from "./helpers";

const model = useModel();

const SERVER_YAML = `name: server
peers: {cluster: {interface: cluster}}
provides: {db: {interface: db}}
storage: {data: {type: filesystem, location: /data}}
`;
const WEB_YAML = "name: web\ncontainers: {site: {resource: img}}\nresources: {img: {type: oci-image}}\n";
const lastHookNamed = (m: TestModel, hook: string) => m.hookLog.filter((h) => h.hook === hook).at(-1);
const CLIENT_YAML = "name: client\nrequires: {db: {interface: db}}\n";

describe("§8 lifecycle", () => {
  it("15: install → relation-created → leadership → config-changed → start; storage-attached after start", async () => {
    const m = model();
    m.deploy("server", { charm: probe(SERVER_YAML), units: 2 });
    m.deploy("client", { charm: probe(CLIENT_YAML) });
    m.integrate("client", "server");
    await m.settle();
    const first = ["install", "cluster-relation-created", "db-relation-created"];
    expect(hooksOf(m, "server/0").slice(0, 7)).toEqual([
      ...first,
      "leader-elected",
      "config-changed",
      "start",
      "data-storage-attached",
    ]);
    expect(hooksOf(m, "server/1").slice(0, 7)).toEqual([
      ...first,
      "leader-settings-changed",
      "config-changed",
      "start",
      "data-storage-attached",
    ]);
  });

  it("15: pebble-ready runs after install, whenever the container is ready (here before config-changed)", async () => {
    const m = model();
    m.deploy("web", { charm: probe(WEB_YAML) });
    m.pebbleEvent("web/0", { kind: "ready", container: "site" });
    await m.settle();
    expect(hooksOf(m, "web/0")).toEqual([
      "install",
      "leader-elected",
      "site-pebble-ready",
      "config-changed",
      "start",
    ]);
    expect(lastHookNamed(m, "site-pebble-ready")?.env.workload).toBe("site");
  });

  it("16: leader-elected is skipped when leadership moved away before it ran", async () => {
    const m = model();
    m.deploy("server", { charm: probe(SERVER_YAML), units: 2 });
    m.setLeader("server/1");
    m.pebbleEvent("server/1", { kind: "ready", container: "site" });
    await m.settle();
    expect(hooksOf(m, "server/0")).not.toContain("leader-elected");
    expect(hooksOf(m, "server/1")).toContain("leader-elected");
  });

  it("17: maintenance 'installing charm software' before install; unknown after start if never set", async () => {
    const m = model();
    let during = "";
    m.deploy("client", {
      charm: probe(CLIENT_YAML, async (ctx) => {
        if (ctx.event.kind === "install")
          during = await must(ctx, "status-get", "--include-data", "--format=json");
      }),
    });
    await m.settle();
    expect(JSON.parse(during)).toMatchObject({ status: "maintenance", message: "installing charm software" });
    expect(m.unitStatus("client/0")).toMatchObject({ status: "unknown", message: "" });
  });

  it("18: relation-joined for a unit is followed by relation-changed for it before other hooks of that relation", async () => {
    const m = model();
    m.deploy("server", { charm: probe(SERVER_YAML), units: 3 });
    m.deploy("client", { charm: probe(CLIENT_YAML) });
    const rel = m.integrate("client", "server");
    await m.settle();
    const ofRelation = m.hookLog
      .filter((h) => h.unit === "client/0" && h.env.relationId === rel.id)
      .map((h) => `${h.hook} ${h.env.remoteUnit ?? ""}`.trim());
    for (const [i, hook] of ofRelation.entries()) {
      if (hook.startsWith("db-relation-joined ")) {
        expect(ofRelation[i + 1]).toBe(hook.replace("joined", "changed"));
      }
    }
    expect(ofRelation.filter((h) => h.startsWith("db-relation-joined"))).toHaveLength(3);
  });

  it("19: departed before broken; the departing unit is not listed but its data is readable; no broken for peers", async () => {
    const m = model();
    const seen: { list?: string; data?: string } = {};
    m.deploy("server", {
      charm: probe(SERVER_YAML, async (ctx) => {
        for (const r of await ctx.relations("db")) await r.setUnitData({ here: ctx.unit.name });
      }),
      units: 2,
    });
    m.deploy("client", {
      charm: probe(CLIENT_YAML, async (ctx) => {
        if (ctx.event.kind !== "relation-departed") return;
        const id = String((await ctx.relations("db"))[0]?.id);
        seen.list = await must(ctx, "relation-list", "-r", id, "--format=json");
        seen.data = await must(ctx, "relation-get", "-r", id, "here", "server/1");
      }),
    });
    m.integrate("client", "server");
    await m.settle();
    m.removeUnit("server/1");
    await m.settle();
    expect(JSON.parse(seen.list ?? "null")).toEqual(["server/0"]);
    expect(seen.data).toBe("server/1\n");
    const gone = hooksOf(m, "server/1");
    expect(gone.indexOf("db-relation-departed client/0")).toBeLessThan(gone.indexOf("db-relation-broken"));
    expect(gone).not.toContain("cluster-relation-broken");
  });

  it("20: teardown runs departed/broken, stop, storage-detaching, remove — remove last", async () => {
    const m = model();
    m.deploy("server", { charm: probe(SERVER_YAML), units: 2 });
    m.deploy("client", { charm: probe(CLIENT_YAML) });
    m.integrate("client", "server");
    await m.settle();
    const before = hooksOf(m, "server/1").length;
    m.removeUnit("server/1");
    await m.settle();
    const teardown = hooksOf(m, "server/1").slice(before);
    expect(teardown.slice(-3)).toEqual(["stop", "data-storage-detaching", "remove"]);
    const stop = teardown.indexOf("stop");
    for (const hook of teardown.slice(0, stop)) expect(hook).toMatch(/-relation-(departed|broken)/);
    expect(teardown).toContain("db-relation-broken");
  });

  it("21: pod churn: stop, then upgrade-charm → config-changed → (leader-settings-changed) → start → pebble-ready; no install", async () => {
    const m = model();
    m.deploy("web", { charm: probe(`${WEB_YAML}peers: {cluster: {interface: cluster}}\n`), units: 2 });
    await m.settle();
    const before = { leader: hooksOf(m, "web/0").length, other: hooksOf(m, "web/1").length };
    m.restartPod("web/0");
    m.restartPod("web/1");
    // The new pods' Pebbles (in-process charms get no real pod: the test raises pebble-ready).
    m.pebbleEvent("web/0", { kind: "ready", container: "site" });
    m.pebbleEvent("web/1", { kind: "ready", container: "site" });
    await m.settle();
    const churn = ["stop", "upgrade-charm", "config-changed"];
    expect(hooksOf(m, "web/0").slice(before.leader)).toEqual([...churn, "start", "site-pebble-ready"]);
    expect(hooksOf(m, "web/1").slice(before.other)).toEqual([
      ...churn,
      "leader-settings-changed",
      "start",
      "site-pebble-ready",
    ]);
    expect(m.unitStatus("web/1").agent.status).toBe("idle");
  });

  it("22: config-changed also fires on a trust change, with no option changed", async () => {
    const m = model();
    m.deploy("client", { charm: probe(CLIENT_YAML) });
    await m.settle();
    m.model.setTrust("client", true);
    expect((await m.settle()).map((h) => h.hook)).toEqual(["config-changed"]);
  });

  it("23: update-status every 5 minutes, not shown as executing", async () => {
    const m = model();
    let agent = "";
    m.deploy("client", {
      charm: probe(CLIENT_YAML, async (ctx) => {
        if (ctx.event.kind === "update-status") agent = m.unitStatus("client/0").agent.status;
      }),
    });
    await m.settle();
    m.advance(5 * MINUTE - 1);
    expect(await m.settle()).toEqual([]);
    m.advance(1);
    expect((await m.settle()).map((h) => h.hook)).toEqual(["update-status"]);
    expect(agent).not.toBe("executing");
  });

  it("25: a failed pebble-ready is not re-attempted after an agent restart; config-changed runs", async () => {
    const m = model();
    m.deploy("web", {
      charm: probe(WEB_YAML, async (ctx) => {
        if (ctx.event.kind === "pebble-ready") throw new Error("not today");
      }),
    });
    await m.settle();
    m.pebbleEvent("web/0", { kind: "ready", container: "site" });
    expect((await m.settle()).map((h) => [h.hook, h.result])).toEqual([["site-pebble-ready", "failed"]]);
    expect(m.unitStatus("web/0").agent.status).toBe("error");
    m.restartAgent("web/0");
    m.advance(10 * MINUTE); // any retry would be due by now
    expect((await m.settle()).map((h) => h.hook)).toEqual(["config-changed", "update-status"]);
    expect(m.unitStatus("web/0").agent.status).toBe("idle");
  });

  it("25: after an agent restart, another failed hook is retried at once", async () => {
    const m = model();
    let fail = true;
    m.deploy("web", {
      charm: probe(WEB_YAML, async (ctx) => {
        if (fail && ctx.event.kind === "start") throw new Error("not yet");
      }),
    });
    await m.settle();
    expect(m.unitStatus("web/0").agent.status).toBe("error");
    fail = false;
    m.restartAgent("web/0");
    expect((await m.settle()).map((h) => h.hook)).toEqual(["start", "config-changed"]);
  });

  it("24: with several things pending: leadership > pebble > secret events > config-changed > update-status", async () => {
    const m = model();
    const server = driven(WEB_YAML.replace("web", "server"));
    m.deploy("server", { charm: server.charm, units: 2 });
    await m.settle();
    const uri = m.addUserSecret("creds", { password: "user-pw-123" });
    m.grantSecret(uri, "server");
    await server.act(m, "server/1", (ctx) => must(ctx, "secret-get", uri).then(() => undefined));
    const before = m.hookLog.length;
    m.advance(5 * MINUTE); // update-status due
    m.config("server", { go: 100 });
    m.updateUserSecret(uri, { password: "user-pw-456" });
    m.setLeader("server/1");
    m.pebbleEvent("server/1", { kind: "ready", container: "site" });
    await m.settle();
    const ran = m.hookLog
      .slice(before)
      .filter((h) => h.unit === "server/1")
      .map((h) => h.hook);
    expect(ran).toEqual([
      "leader-elected",
      "site-pebble-ready",
      "secret-changed",
      "config-changed",
      "update-status",
    ]);
  });
});
