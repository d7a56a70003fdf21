import hello from "@charmarr/charm/example";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LISTENER_YAML, leaky, listener } from "./test-charms";
import { type TestModel, testModel } from "./test-model";

let m: TestModel;

beforeEach(async () => {
  m = await testModel({ addressBlock: 0 });
});
afterEach(async () => {
  await m.close();
});

describe("testModel", () => {
  it("deploys in-process charms, integrates them and shows statuses, databags, logs and the hook log", async () => {
    m.deploy("hello", { charm: hello, units: 2, config: { greeting: "hey" } });
    m.deploy("listener", { charm: listener, metadata: LISTENER_YAML });
    const relation = m.integrate("listener", "hello");
    const ran = await m.settle();
    expect(ran.length).toBeGreaterThan(10);
    expect(m.unitStatus("hello/0")).toMatchObject({ status: "active", message: "greeting 1 application(s)" });
    expect(m.unitStatus("listener/0")).toMatchObject({ status: "active", message: "heard hey" });
    expect(m.databag(relation.id, "hello")).toEqual({ greeting: "hey" });
    expect(m.databag(relation.id, "listener/0")).toMatchObject({
      heard: "hey",
      "ingress-address": "127.0.1.3",
    });
    expect(m.appStatus("hello")).toEqual({ status: "unknown", message: "" });
    // Other models draw address blocks of their own, so parallel test files never share one.
    const other = await testModel();
    other.deploy("hello", { charm: hello });
    expect(other.model.unit("hello/0").address).toMatch(/^127\.([1-9]\d*)\.1\.1$/);
    await other.close();
    expect(m.hookLog.filter((h) => h.unit === "hello/1").map((h) => h.hook)).toEqual([
      "install",
      "greetings-relation-created",
      "leader-settings-changed",
      "config-changed",
      "start",
      "greetings-relation-joined",
      "greetings-relation-changed",
    ]);
    expect(m.logs("hello/0").some((l) => l.module === "unit.hello/0.install")).toBe(true);

    m.config("hello", { style: "loud" });
    await m.settle();
    expect(m.unitStatus("listener/0").message).toBe("heard HEY");
  });

  it("runs actions and returns the task", async () => {
    m.deploy("hello", { charm: hello });
    expect(await m.runAction("hello/0", "greet", { name: "Ada" })).toMatchObject({
      status: "completed",
      results: { greeting: "hello, Ada" },
      returnCode: 0,
    });
    await expect(m.runAction("hello/0", "greet", {})).rejects.toThrow('"name" property is missing');
    await expect(m.runAction("hello/0", "nope")).rejects.toThrow('action "nope" not defined');
  });

  it("scales, moves leadership, and removes units and applications", async () => {
    m.deploy("hello", { charm: hello, units: 2 });
    m.deploy("listener", { charm: listener });
    const relation = m.integrate("listener", "hello");
    await m.settle();
    expect(m.addUnit("hello")).toBe("hello/2");
    m.setLeader("hello/1");
    m.removeUnit("hello/0");
    await m.settle();
    expect(m.model.units("hello")).toEqual(["hello/1", "hello/2"]);
    expect(m.hookLog.some((h) => h.unit === "hello/1" && h.hook === "leader-elected")).toBe(true);
    m.removeRelation(relation);
    await m.settle();
    expect(m.model.state.relations.has(relation.id)).toBe(false);
    m.removeApp("listener");
    await m.settle();
    expect([...m.model.state.apps.keys()]).toEqual(["hello"]);
  });

  it("shows user secrets: revisions, content, who tracks what, grants; probes access without side effects", async () => {
    m.deploy("leaky", { charm: leaky });
    const uri = m.addUserSecret("db-creds", { password: "correct-horse-battery" });
    m.config("leaky", { creds: uri });
    await m.settle();
    expect(m.unitStatus("leaky/0").status).toBe("error");
    const denied = await m.readSecretAs("leaky/0", uri);
    expect(denied).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("permission denied") });

    m.grantSecret("db-creds", "leaky");
    m.advance(5_000); // the failed config-changed's retry
    await m.settle();
    expect(m.unitStatus("leaky/0").status).toBe("active");
    const secret = m.secret("db-creds")!;
    expect(secret).toMatchObject({
      owner: "model",
      label: "db-creds",
      latestRevision: 1,
      grants: [{ app: "leaky" }],
    });
    expect(secret.content()).toEqual({ password: "correct-horse-battery" });
    expect(secret.tracking.get("leaky/0")).toBe(1);
    expect(JSON.parse((await m.readSecretAs("leaky/0", uri)).stdout)).toEqual({
      password: "correct-horse-battery",
    });

    m.updateUserSecret("db-creds", { password: "correct-horse-battery-2" });
    const ran = await m.settle();
    expect(ran.map((r) => `${r.unit} ${r.hook} ${r.env.secret?.uri}`)).toEqual([
      `leaky/0 secret-changed ${uri}`,
    ]);
    expect(m.secret(uri)?.revisions.size).toBe(2);
    expect(m.secrets({ owner: "leaky" })).toEqual([]);
    expect(m.secret("nothing")).toBeUndefined();
  });

  it("passes fault injection through to the engine", async () => {
    m.deploy("hello", { charm: hello });
    m.killHookAfterToolCall({ unit: "hello/0", hook: "install", n: 1 });
    m.failToolCall({ unit: "hello/0", hook: "start", tool: "config-get", nth: 1 });
    await m.settle();
    const hooks = m.hookLog.map((h) => `${h.hook}:${h.result}`);
    expect(hooks.slice(0, 3)).toEqual(["install:killed", "install:ok", "leader-elected:ok"]);
    expect(hooks).toContain("start:failed");
    m.advance(5_000);
    await m.settle();
    expect(m.unitStatus("hello/0")).toMatchObject({ status: "active" });
  });

  it("takes a hook budget per settle(): small to catch a charm that never settles, large for big models", async () => {
    const small = await testModel({ maxHooksPerSettle: 3 });
    try {
      small.deploy("hello", { charm: hello, units: 2 });
      await expect(small.settle()).rejects.toThrow("the model did not settle after 3 hooks");
    } finally {
      await small.close().catch(() => undefined);
    }
  });
});
