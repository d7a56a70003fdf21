import { deserialize, serialize } from "node:v8";
import { type CharmContext, declareMetadata, defineCharm, SecretNotFoundError } from "@charmarr/charm";
import { beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { agentsFixture, HOUR, hooksOf, MINUTE, metadata } from "../../testing/events/test-support";
import { Model } from "../model/model";
import { inProcessRunner } from "./in-process-runner";
import { UnitAgents } from "./unit-agents";

// An owner (`vault`: one app-owned secret labelled `token`, granted to every `token` relation
// with its ID in the app databag) and a consumer (`app`: reads it with the label `vault-token`,
// refreshes on secret-changed unless told not to).

let counter = 0;
const nextToken = () => `token-value-${String(++counter).padStart(4, "0")}`;

interface VaultConfig {
  "rotate-makes-revision": boolean;
  "remove-expired": boolean;
}

async function tokenId(ctx: CharmContext<VaultConfig>): Promise<string | undefined> {
  try {
    return `secret:${(await ctx.tools.secretInfoGet({ label: "token" })).id}`;
  } catch (err) {
    if (err instanceof SecretNotFoundError) return undefined;
    throw err;
  }
}

const vault = defineCharm({
  metadata: declareMetadata<VaultConfig>(
    metadata(`
name: vault
provides: {token: {interface: token}}
config:
  options:
    rotate-makes-revision: {type: boolean, default: true}
    remove-expired: {type: boolean, default: true}
actions: {publish: {}}
`),
  ),
  async reconcile(ctx) {
    ctx.status.active();
    if (!(await ctx.isLeader())) return;
    const id =
      (await tokenId(ctx)) ??
      (await ctx.tools.secretAdd({ token: nextToken() }, { label: "token", rotate: "hourly" }));
    for (const relation of await ctx.relations("token")) {
      await ctx.tools.secretGrant(id, relation.id);
      await relation.setAppData({ "token-id": id });
    }
  },
  on: {
    "secret-rotate": async (ctx, event) => {
      if (ctx.config["rotate-makes-revision"]) {
        await ctx.tools.secretSet(event.secretId, { content: { token: nextToken() } });
      }
    },
    "secret-remove": async (ctx, event) =>
      ctx.tools.secretRemove(event.secretId, { revision: event.revision }),
    "secret-expired": async (ctx, event) => {
      if (ctx.config["remove-expired"])
        await ctx.tools.secretRemove(event.secretId, { revision: event.revision });
    },
  },
  actions: {
    publish: {
      params: z.object({}),
      async run(ctx) {
        const id = await tokenId(ctx);
        if (id) await ctx.tools.secretSet(id, { content: { token: nextToken() } });
      },
    },
  },
});

const app = defineCharm({
  metadata: declareMetadata<{ refresh: boolean }>(
    metadata(`
name: app
requires: {token: {interface: token}}
config: {options: {refresh: {type: boolean, default: true}}}
`),
  ),
  async reconcile(ctx) {
    ctx.status.active();
    for (const relation of await ctx.relations("token")) {
      const id = (await relation.remoteAppData())["token-id"];
      if (id) await ctx.tools.secretGet({ id, label: "vault-token" });
    }
  },
  on: {
    "secret-changed": async (ctx, event) => {
      if (ctx.config.refresh && event.label)
        await ctx.tools.secretGet({ label: event.label }, { refresh: true });
    },
  },
});

// update-status stays out of the way of the secret timers.
const quiet = () => agentsFixture({ updateStatusIntervalMs: 1000 * HOUR });

async function fixture(appConfig: Record<string, unknown> = {}) {
  const f = quiet();
  f.deploy("vault", vault);
  f.deploy("app", app, { units: 2, config: appConfig });
  f.model.integrate("app", "vault");
  await f.agents.settle();
  const secret = () => {
    const [only] = f.model.state.secrets.values();
    if (!only) throw new Error("no secret");
    return only;
  };
  return { ...f, secret };
}

beforeEach(() => {
  counter = 0;
});

describe("secret-changed", () => {
  it("reaches every consumer once per new revision, with its label, and the old revision is removed", async () => {
    const { agents, secret, model } = await fixture();
    expect([...secret().consumers].map(([unit, c]) => [unit, c.currentRevision])).toEqual([
      ["app/0", 1],
      ["app/1", 1],
    ]);
    agents.queueAction("vault/0", "publish");
    const ran = await agents.settle();
    for (const unit of ["app/0", "app/1"]) {
      expect(hooksOf(ran, unit)).toEqual(["secret-changed"]);
      expect(ran.find((r) => r.unit === unit)?.env.secret).toEqual({
        uri: `secret://${model.uuid}/${secret().xid}`,
        label: "vault-token",
      });
    }
    expect(hooksOf(ran, "vault/0")).toEqual(["publish-action", "secret-remove"]);
    expect(ran.find((r) => r.hook === "secret-remove")?.env.secret).toMatchObject({
      label: "token",
      revision: 1,
    });
    expect([...secret().revisions.keys()]).toEqual([2]);
    expect(await agents.settle()).toEqual([]);

    agents.queueAction("vault/0", "publish");
    const again = await agents.settle();
    expect(again.filter((r) => r.hook === "secret-changed").map((r) => r.unit)).toEqual(["app/0", "app/1"]);
    expect([...secret().revisions.keys()]).toEqual([3]);
  });

  it("a consumer that does not refresh is not told again about the same revision, and its revision stays", async () => {
    const { agents, secret } = await fixture({ refresh: false });
    agents.queueAction("vault/0", "publish");
    const ran = await agents.settle();
    expect(ran.filter((r) => r.hook === "secret-changed").map((r) => r.unit)).toEqual(["app/0", "app/1"]);
    expect(ran.map((r) => r.hook)).not.toContain("secret-remove");
    expect([...secret().revisions.keys()]).toEqual([1, 2]);
    // The next hooks of the consumers do not re-deliver revision 2.
    const more = await agents.settle();
    expect(more).toEqual([]);
    agents.queueAction("vault/0", "publish");
    expect((await agents.settle()).filter((r) => r.hook === "secret-changed")).toHaveLength(2);
  });
});

describe("secret-rotate", () => {
  it("fires at the rotation time; without a new revision again every 5 minutes; with one, a period after the schedule", async () => {
    const { agents, model, clock, secret } = await fixture();
    const created = clock.now().getTime();
    expect(secret().nextRotateTime?.getTime()).toBe(created + HOUR);
    model.setConfig("vault", { "rotate-makes-revision": false });
    await agents.settle();

    clock.advance(HOUR - 1);
    expect(await agents.settle()).toEqual([]);
    clock.advance(1);
    const first = await agents.settle();
    expect(hooksOf(first, "vault/0")).toEqual(["secret-rotate"]);
    expect(first[0]?.env.secret).toEqual({ uri: `secret://${model.uuid}/${secret().xid}`, label: "token" });
    expect(secret().latestRevision).toBe(1);
    expect(secret().nextRotateTime?.getTime()).toBe(created + HOUR + 5 * MINUTE);

    clock.advance(5 * MINUTE);
    expect(hooksOf(await agents.settle(), "vault/0")).toEqual(["secret-rotate"]);
    expect(secret().nextRotateTime?.getTime()).toBe(created + HOUR + 10 * MINUTE);

    model.setConfig("vault", { "rotate-makes-revision": true });
    await agents.settle();
    clock.advance(5 * MINUTE);
    const rotated = await agents.settle();
    expect(hooksOf(rotated, "vault/0")).toEqual(["secret-rotate", "secret-remove"]);
    expect(secret().latestRevision).toBe(2);
    expect(secret().nextRotateTime?.getTime()).toBe(created + 2 * HOUR + 10 * MINUTE);
    expect(hooksOf(rotated, "app/0")).toEqual(["secret-changed"]);
  });

  it("goes to the new leader after a leadership change", async () => {
    const f = quiet();
    f.deploy("vault", vault, { units: 2 });
    await f.agents.settle();
    f.model.setLeader("vault/1");
    await f.agents.settle();
    f.clock.advance(HOUR);
    const ran = await f.agents.settle();
    expect(ran.filter((r) => r.hook === "secret-rotate").map((r) => r.unit)).toEqual(["vault/1"]);
  });
});

describe("secret-expired", () => {
  it("fires at the revision's expiry with its revision, every 5 minutes until the revision is removed", async () => {
    const { agents, model, clock, secret } = await fixture();
    model.setConfig("vault", { "remove-expired": false });
    await agents.settle();
    const { xid } = secret();
    const revision = secret().revisions.get(1)!;
    revision.expireTime = new Date(clock.now().getTime() + 10 * MINUTE);

    clock.advance(10 * MINUTE);
    const first = await agents.settle();
    expect(hooksOf(first, "vault/0")).toEqual(["secret-expired"]);
    expect(first[0]?.env.secret).toMatchObject({ label: "token", revision: 1 });
    clock.advance(5 * MINUTE - 1);
    expect(await agents.settle()).toEqual([]);
    clock.advance(1);
    expect(hooksOf(await agents.settle(), "vault/0")).toEqual(["secret-expired"]);

    model.setConfig("vault", { "remove-expired": true });
    clock.advance(5 * MINUTE);
    const removed = await agents.settle();
    expect(removed.map((r) => r.hook)).toContain("secret-expired");
    // Its only revision removed, the secret is gone (the charm makes a new one); no more hooks.
    expect(model.state.secrets.has(xid)).toBe(false);
    clock.advance(5 * MINUTE);
    expect((await agents.settle()).map((r) => r.hook)).not.toContain("secret-expired");
  });
});

describe("owner hooks across a controller restart", () => {
  it("an expired revision's next secret-expired keeps its 5-minute retry time", async () => {
    const { agents, model, clock, secret } = await fixture();
    model.setConfig("vault", { "remove-expired": false });
    await agents.settle();
    secret().revisions.get(1)!.expireTime = new Date(clock.now().getTime() + 10 * MINUTE);
    clock.advance(10 * MINUTE);
    expect(hooksOf(await agents.settle(), "vault/0")).toEqual(["secret-expired"]);

    const saved = deserialize(serialize({ state: model.state, agents: agents.snapshot() }));
    const restored = new Model({ clock, uuid: model.uuid });
    restored.restoreState(saved.state);
    const again = new UnitAgents({ model: restored, updateStatusIntervalMs: 1000 * HOUR });
    again.setRunner("vault", inProcessRunner(vault));
    again.setRunner("app", inProcessRunner(app));
    again.restore(saved.agents);
    // The recreated pods' hooks, and no secret-expired before its retry time.
    expect(hooksOf(await again.settle(), "vault/0")).toEqual(["upgrade-charm", "config-changed", "start"]);
    clock.advance(5 * MINUTE - 1);
    expect(await again.settle()).toEqual([]);
    clock.advance(1);
    expect(hooksOf(await again.settle(), "vault/0")).toEqual(["secret-expired"]);
  });
});
