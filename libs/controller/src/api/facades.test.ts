// biome-ignore-all lint/suspicious/noExplicitAny: replies are untyped JSON, read by shape
// The facades called through the dispatcher, in-process: an engine Model and UnitAgents with
// in-process charms behind a small ModelHost, no sockets.
import { randomUUID } from "node:crypto";
import { type CharmMetadata, defineCharm } from "@charmarr/charm";
import hello from "@charmarr/charm/example";
import {
  type CharmMeta,
  type DeployOptions,
  inProcessRunner,
  ManualClock,
  Model,
  parseCharmMeta,
  UnitAgents,
} from "@charmarr/engine";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ModelChange, ModelHost, StoredCharm } from "../model-host";
import { ApiContext } from "./api-context";
import { ConnectionState } from "./connection-state";
import { API_FACADES } from "./facades";
import { normalizeCharmUrl } from "./facades/application";
import { parseImageDocument } from "./http/resource-upload";
import { Dispatcher } from "./rpc-dispatch";

const LISTENER = parse(`
name: listener
requires: {greetings: {interface: greeting}}
resources: {listener-image: {type: oci-image}}
`) as CharmMetadata;

const listener = defineCharm({
  metadata: LISTENER,
  async reconcile(ctx) {
    ctx.status.active("listening");
  },
});

/** A ModelHost over the engine with in-process charms; kick() settles in the background. */
class MemoryHost implements ModelHost {
  readonly model = new Model({ clock: new ManualClock() });
  readonly agents = new UnitAgents({ model: this.model });
  readonly controllerUuid = randomUUID();
  readonly #charms = new Map<string, StoredCharm>();
  readonly #listeners = new Set<(change: ModelChange) => void>();
  #loop: Promise<void> = Promise.resolve();
  persisted = 0;

  store(meta: CharmMeta): StoredCharm {
    const charm = { url: `local:${meta.name}-0`, name: meta.name, revision: 0, meta, file: "", sha256: "" };
    this.#charms.set(charm.url, charm);
    return charm;
  }
  async addCharm(): Promise<StoredCharm> {
    throw new Error("uploads are tested over HTTP");
  }
  charm(url: string) {
    return this.#charms.get(url);
  }
  charms() {
    return [...this.#charms.values()];
  }
  deploy(app: string, url: string, options: DeployOptions): void {
    const charm = this.#charms.get(url)!;
    this.agents.setRunner(app, charm.name === "hello" ? inProcessRunner(hello) : inProcessRunner(listener));
    this.model.deploy(app, charm.meta, options);
  }
  kick(): void {
    this.#loop = this.#loop.then(async () => {
      const ran = await this.agents.settle();
      if (ran.length > 0) for (const l of this.#listeners) l("unit");
    });
  }
  settled(): Promise<void> {
    return this.#loop;
  }
  onChange(listener: (change: ModelChange) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  workloadKind() {
    return "none" as const;
  }
  async persist() {
    this.persisted += 1;
  }
}

let host: MemoryHost;
let ctx: ApiContext;
let conn: ConnectionState;
const dispatcher = new Dispatcher(API_FACADES);
let nextId = 1;

beforeEach(async () => {
  host = new MemoryHost();
  ctx = new ApiContext(host, "charmarr", () => undefined, "pw");
  ctx.dispatcher = dispatcher;
  conn = new ConnectionState("model", "test");
  conn.loggedIn = true;
  host.store(parseCharmMeta(hello.metadata as Record<string, unknown>));
  host.store(parseCharmMeta(LISTENER as Record<string, unknown>));
});

afterEach(async () => {
  await host.settled();
  conn.close();
  ctx.close();
});

async function call(type: string, version: number, request: string, params: unknown = {}) {
  const reply = await dispatcher.call(ctx, conn, { "request-id": nextId++, type, version, request, params });
  if ("error" in reply) throw Object.assign(new Error(reply.error), { code: reply["error-code"] });
  return reply.response as Record<string, any>;
}

async function deployHello(units = 1) {
  const reply = await call("Application", 19, "Deploy", {
    applications: [
      { application: "hello", "charm-url": "local:jammy/hello-0", "num-units": units, config: {} },
    ],
  });
  expect(reply.results).toEqual([{}]);
  await host.settled();
}

describe("Application", () => {
  it("refuses unknown charms, missing or unknown resources and options, per item", async () => {
    const reply = await call("Application", 22, "Deploy", {
      applications: [
        { application: "a", "charm-url": "local:nope-0" },
        { application: "listener", "charm-url": "local:listener-0" },
        { application: "listener", "charm-url": "local:listener-0", resources: { "listener-image": "nope" } },
        { application: "b", "charm-url": "local:hello-0", config: { colour: "red" } },
        { application: "c", "charm-url": "local:hello-0", "config-yaml": "c: {repeat: 9}\n" },
      ],
    });
    expect(reply.results.map((r: any) => [r.error?.code, r.error?.message])).toEqual([
      ["not found", 'charm "local:nope-0" not found'],
      ["not valid", 'resource "listener-image" of "listener" not given'],
      ["not found", 'pending resource "listener-image" not found'],
      ["not valid", 'unknown option "colour"'],
      [undefined, undefined],
    ]);
    expect(host.model.app("c").config.get("repeat")).toBe(9);
    expect(host.persisted).toBeGreaterThan(0);
  });

  it("scales, destroys units, relations by id and applications", async () => {
    await deployHello(1);
    expect(
      (
        await call("Application", 22, "ScaleApplications", {
          applications: [{ "application-tag": "application-hello", "scale-change": 2 }],
        })
      ).results,
    ).toEqual([{ info: { "num-units": 3 } }]);
    expect(host.model.units("hello")).toEqual(["hello/0", "hello/1", "hello/2"]);
    const destroyed = await call("Application", 22, "DestroyUnit", {
      units: [{ "unit-tag": "unit-hello-2" }, { "unit-tag": "unit-hello-9" }],
    });
    expect(destroyed.results[1].error.code).toBe("not found");
    await host.settled();
    expect(host.model.units("hello")).toEqual(["hello/0", "hello/1"]);

    host.deploy("listener", "local:listener-0", { resources: { "listener-image": "img:1" } });
    const { endpoints } = await call("Application", 22, "AddRelation", {
      endpoints: ["hello:greetings", "listener"],
    });
    expect(Object.keys(endpoints).sort()).toEqual(["hello", "listener"]);
    const id = [...host.model.state.relations.values()][0]!.id;
    await expect(call("Application", 22, "DestroyRelation", { "relation-id": 99 })).rejects.toMatchObject({
      code: "not found",
    });
    await call("Application", 22, "DestroyRelation", { "relation-id": id });
    await host.settled();
    expect(host.model.state.relations.size).toBe(0);

    const gone = await call("Application", 22, "DestroyApplication", {
      applications: [{ "application-tag": "application-hello" }, { "application-tag": "application-nope" }],
    });
    expect(gone.results[0].info["destroyed-units"]).toEqual([
      { tag: "unit-hello-0" },
      { tag: "unit-hello-1" },
    ]);
    expect(gone.results[1].error.code).toBe("not found");
    await host.settled();
    expect(host.model.state.apps.has("hello")).toBe(false);
  });

  it("shows the status of units, with the leader and agent", async () => {
    await deployHello(2);
    const status = await call("Client", 7, "FullStatus", { patterns: ["hello/1"] });
    const units = status.applications.hello.units;
    expect(Object.keys(units)).toEqual(["hello/0", "hello/1"]);
    expect(units["hello/0"]).toMatchObject({
      leader: true,
      "agent-status": { status: "idle", version: "3.6.14" },
    });
    expect(units["hello/1"]["workload-status"]).toMatchObject({
      status: "active",
      since: expect.stringMatching(/Z$/),
    });
    expect((await call("Client", 8, "FullStatus", { patterns: ["other"] })).applications).toEqual({});
  });
});

describe("Secrets", () => {
  it("lists without values on v1, removes a revision on v2", async () => {
    const { results } = await call("Secrets", 2, "CreateSecrets", {
      args: [
        {
          label: "token",
          "owner-tag": "",
          content: { data: { token: Buffer.from("t1-value-abcdef").toString("base64") } },
        },
      ],
    });
    const uri = results[0].result;
    await call("Secrets", 2, "UpdateSecrets", {
      args: [
        {
          "existing-label": "token",
          content: { data: { token: Buffer.from("t2-value-abcdef").toString("base64") } },
        },
      ],
    });
    const v1 = await call("Secrets", 1, "ListSecrets", { filter: {}, "show-secrets": true });
    expect(v1.results[0].value).toBeUndefined();
    expect(v1.results[0].revisions.map((r: any) => r.revision)).toEqual([1, 2]);
    const removed = await call("Secrets", 2, "RemoveSecrets", {
      args: [
        { uri, revisions: [1] },
        { uri, revisions: [7] },
      ],
    });
    expect(removed.results[1].error.code).toBe("not found");
    const v2 = await call("Secrets", 2, "ListSecrets", { filter: { uri }, "show-secrets": true });
    expect(v2.results[0].revisions.map((r: any) => r.revision)).toEqual([2]);
    expect(Buffer.from(v2.results[0].value.data.token, "base64").toString()).toBe("t2-value-abcdef");
    await call("Secrets", 2, "RemoveSecrets", { args: [{ label: "token" }] });
    expect((await call("Secrets", 2, "ListSecrets", {})).results).toEqual([]);
  });
});

describe("Action", () => {
  it("runs an operation on the leader and lists it", async () => {
    await deployHello(1);
    const op = await call("Action", 7, "EnqueueOperation", {
      actions: [{ receiver: "hello/leader", name: "greet", parameters: { name: "Bo" } }],
    });
    const pending = await call("Action", 7, "Actions", { entities: [{ tag: op.actions[0].action.tag }] });
    expect(pending.results[0].status).toBe("pending");
    await host.settled();
    const listed = await call("Action", 7, "ListOperations", { applications: ["hello"], limit: 5 });
    expect(listed.truncated).toBe(false);
    expect(listed.results[0]).toMatchObject({
      operation: op.operation,
      status: "completed",
      actions: [{ status: "completed", output: { greeting: "hello, Bo", "return-code": 0 } }],
    });
    const bad = await call("Action", 7, "EnqueueOperation", {
      actions: [{ receiver: "hello/0", name: "greet", parameters: {} }],
    });
    expect(bad.actions[0].error.message).toMatch(/name/);
  });
});

describe("ModelManager and wire helpers", () => {
  it("answers ModelInfo for this model only", async () => {
    const controller = new ConnectionState("controller", "test");
    controller.loggedIn = true;
    const reply = await dispatcher.call(ctx, controller, {
      "request-id": 1,
      type: "ModelManager",
      version: 9,
      request: "ModelInfo",
      params: { entities: [{ tag: `model-${host.model.uuid}` }, { tag: "model-x" }] },
    });
    const results = (reply as { response: { results: any[] } }).response.results;
    expect(results[0].result).toMatchObject({ name: "charmarr", uuid: host.model.uuid, type: "caas" });
    expect(results[1].error.code).toBe("not found");
  });

  it("normalizes charm URLs and reads oci-image documents", () => {
    expect(normalizeCharmUrl("local:amd64/jammy/radarr-3")).toBe("local:radarr-3");
    expect(normalizeCharmUrl("local:radarr-3")).toBe("local:radarr-3");
    expect(parseImageDocument(Buffer.from("registrypath: r/a:1\npassword: p\n"))).toEqual({
      kind: "oci-image",
      image: "r/a:1",
      password: "p",
    });
    expect(parseImageDocument(Buffer.from('{"ImageName":"r/b","username":"u"}'))).toEqual({
      kind: "oci-image",
      image: "r/b",
      username: "u",
    });
    expect(() => parseImageDocument(Buffer.from("other: 1"))).toThrow(/no image path/);
  });
});
