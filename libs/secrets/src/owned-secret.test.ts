/**
 * The secret lifecycle on the engine, in-process: an owner charm (`keeper`) with a fake
 * credential app, and consumer charms (`reader`) that use what it grants.
 */

import { declareMetadata, defineCharm } from "@charmarr/charm";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as z from "zod";
import { fakeApp, fakeApps } from "../testing/fake-credential-workload";
import { TOKEN_OWNER_YAML, tokenOwnerCharm } from "../testing/token-owner-charm";
import {
  readerUses,
  readProvidedToken,
  TOKEN_READER_YAML,
  tokenReaderCharm,
} from "../testing/token-reader-charm";
import { randomApiKey } from "./credential-generators";
import { ownedSecret } from "./owned-secret-definition";
import { stampedContent } from "./secret-content";
import { readUserSecret } from "./user-secret";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let m: TestModel;

beforeEach(async () => {
  fakeApps.clear();
  readerUses.clear();
  m = await testModel();
});

afterEach(async () => {
  await m.close();
});

function deployKeeper(units = 1, config: Record<string, unknown> = {}) {
  m.deploy("keeper", { charm: tokenOwnerCharm, metadata: TOKEN_OWNER_YAML, units, config });
}

function deployReader(name: string, units = 1) {
  m.deploy(name, { charm: tokenReaderCharm, metadata: TOKEN_READER_YAML, units });
  return m.integrate(`${name}:token`, "keeper:token");
}

/** The keeper's secret as the engine holds it. */
function tokenSecret() {
  const secret = m.secret("token", { owner: "keeper" });
  if (!secret) throw new Error("keeper has no token secret");
  return secret;
}

const latestToken = () => tokenSecret().content().token;

describe("owned secrets", () => {
  it("the leader creates the secret once, with the app's credential, and finds it again by label after a leader change", async () => {
    deployKeeper(2);
    await m.settle();
    const secret = tokenSecret();
    expect(secret.owner).toBe("application");
    expect(secret.latestRevision).toBe(1);
    expect(secret.rotatePolicy).toBe("monthly");
    expect(fakeApp("keeper").credential).toBe(latestToken());
    expect(m.unitStatus("keeper/0")).toMatchObject({ status: "active" });
    expect(m.unitStatus("keeper/1")).toMatchObject({ status: "waiting" });

    m.setLeader("keeper/1");
    await m.settle();
    expect(m.secrets({ owner: "keeper" })).toHaveLength(1);
    expect(tokenSecret().latestRevision).toBe(1);
    expect(m.unitStatus("keeper/1")).toMatchObject({ status: "active" });
  });

  it("follows rotation-interval through every policy and back to never; a bad value blocks and changes nothing", async () => {
    deployKeeper();
    await m.settle();
    for (const policy of ["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly", "never"]) {
      m.config("keeper", { "rotation-interval": policy });
      await m.settle();
      expect(tokenSecret().rotatePolicy ?? "never").toBe(policy);
      expect(m.unitStatus("keeper/0")).toMatchObject({ status: "active" });
    }
    m.config("keeper", { "rotation-interval": "fortnightly" });
    await m.settle();
    expect(m.unitStatus("keeper/0")).toMatchObject({
      status: "blocked",
      message: expect.stringContaining(
        'rotation-interval="fortnightly" (allowed: one of never, hourly, daily, weekly, monthly, quarterly, yearly)',
      ),
    });
    expect(tokenSecret().rotatePolicy ?? "never").toBe("never");
  });

  it("grants only on the relations that need it, and a removed relation means permission denied", async () => {
    deployKeeper();
    const rel = deployReader("reader");
    deployReader("other");
    await m.settle();
    expect(
      tokenSecret()
        .grants.map((g) => g.app)
        .sort(),
    ).toEqual(["other", "reader"]);
    expect(readerUses.get("reader/0")).toBe(latestToken());
    expect(m.unitStatus("reader/0")).toMatchObject({ status: "active" });

    m.removeRelation(rel);
    await m.settle();
    // The departed hook must not grant on the dying relation again (Juju refuses that commit).
    expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);
    expect(tokenSecret().grants.map((g) => g.app)).toEqual(["other"]);
    // The relation is gone: reading by ID is now refused.
    expect(await m.readSecretAs("reader/0", tokenSecret().xid)).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining("permission denied"),
    });
  });

  it("a scheduled rotation reaches every consumer once, and the old revision is removed", async () => {
    deployKeeper();
    deployReader("reader", 2);
    deployReader("other");
    await m.settle();
    const first = latestToken();

    m.hookLog.length = 0;
    m.advance(31 * DAY);
    await m.settle();
    const secret = tokenSecret();
    expect(secret.latestRevision).toBe(2);
    expect(latestToken()).not.toBe(first);
    expect(fakeApp("keeper").credential).toBe(latestToken());
    for (const unit of ["reader/0", "reader/1", "other/0"]) {
      expect(readerUses.get(unit)).toBe(latestToken());
      expect(m.hookLog.filter((h) => h.unit === unit && h.hook === "secret-changed")).toHaveLength(1);
    }
    // Nobody tracks revision 1 any more: the owner was told and removed it.
    expect(m.hookLog.filter((h) => h.unit === "keeper/0" && h.hook === "secret-remove")).toHaveLength(1);
    expect([...secret.revisions.keys()]).toEqual([2]);
  });

  it("a rotation whose apply fails sets nothing and is retried five minutes later", async () => {
    deployKeeper();
    deployReader("reader");
    await m.settle();
    const first = latestToken();
    fakeApp("keeper").failApply = true;
    m.advance(31 * DAY);
    await m.settle();
    expect(tokenSecret().latestRevision).toBe(1);
    // The rotate hook succeeded (so Juju's 5-minute re-fire applies) and said why it did nothing.
    expect(m.hookLog.filter((h) => h.hook === "secret-rotate").map((h) => h.exitCode)).toEqual([0]);
    expect(
      m
        .logs("keeper/0")
        .map((l) => l.message)
        .join("\n"),
    ).toContain("applying the new credential failed");

    fakeApp("keeper").failApply = false;
    m.hookLog.length = 0;
    m.advance(5 * MINUTE);
    await m.settle();
    expect(m.hookLog.filter((h) => h.hook === "secret-rotate")).toHaveLength(1);
    expect(tokenSecret().latestRevision).toBe(2);
    expect(readerUses.get("reader/0")).toBe(latestToken());
    expect(latestToken()).not.toBe(first);
  });

  it("the rotate-credentials action rotates now; on a non-leader it says where to run it", async () => {
    deployKeeper(2);
    deployReader("reader");
    await m.settle();
    const result = await m.runAction("keeper/0", "rotate-credentials", {});
    expect(result).toMatchObject({ status: "completed", results: { secret: "token" } });
    await m.settle();
    expect(tokenSecret().latestRevision).toBe(2);
    expect(readerUses.get("reader/0")).toBe(latestToken());

    const refused = await m.runAction("keeper/1", "rotate-credentials", {});
    expect(refused).toMatchObject({
      status: "failed",
      message: expect.stringContaining("juju run keeper/leader rotate-credentials"),
    });
  });

  it("an expired revision is rotated away", async () => {
    deployKeeper();
    deployReader("reader");
    await m.settle();
    m.expireRevision("token", { owner: "keeper" }, 1, 10 * MINUTE);
    m.advance(11 * MINUTE);
    await m.settle();
    expect(m.hookLog.some((h) => h.unit === "keeper/0" && h.hook === "secret-expired")).toBe(true);
    expect(tokenSecret().latestRevision).toBe(2);
    expect([...tokenSecret().revisions.keys()]).toEqual([2]);
    expect(readerUses.get("reader/0")).toBe(latestToken());
  });

  describe("drift", () => {
    it("a credential changed in the app is adopted as a new revision, and consumers follow", async () => {
      deployKeeper();
      deployReader("reader");
      await m.settle();
      fakeApp("keeper").credential = "set-in-the-web-ui-0123456789";
      m.advance(5 * MINUTE); // update-status
      await m.settle();
      expect(latestToken()).toBe("set-in-the-web-ui-0123456789");
      expect(tokenSecret().latestRevision).toBe(2);
      expect(readerUses.get("reader/0")).toBe("set-in-the-web-ui-0123456789");
    });

    it("where the app cannot tell its credential, the secret's value is applied again after one refused check", async () => {
      deployKeeper();
      deployReader("reader");
      await m.settle();
      const app = fakeApp("keeper");
      app.readable = false;
      app.credential = "changed-behind-our-back-0123";
      m.advance(5 * MINUTE);
      await m.settle();
      expect(app.credential).toBe(latestToken());
      expect(tokenSecret().latestRevision).toBe(1);
      expect(app.refusedChecks).toBe(1);
      m.advance(5 * MINUTE);
      await m.settle();
      expect(app.refusedChecks).toBe(1);
    });
    it("the drift check names the committed revision it checks, so the workload may remember its proof across hooks", async () => {
      deployKeeper();
      await m.settle();
      const app = fakeApp("keeper");
      app.readable = false;
      m.advance(5 * MINUTE);
      await m.settle();
      const secret = tokenSecret();
      expect(app.checkedRevisions.at(-1)).toEqual({ id: secret.xid, revision: secret.latestRevision });
      // After a rotation the check names the new revision.
      await m.runAction("keeper/0", "rotate-credentials");
      m.advance(5 * MINUTE);
      await m.settle();
      expect(app.checkedRevisions.at(-1)).toEqual({ id: secret.xid, revision: tokenSecret().latestRevision });
      expect(tokenSecret().latestRevision).toBeGreaterThan(1);
    });
  });

  describe("crash safety: a rotation killed after any tool call converges with no lock-out", () => {
    for (const readable of [true, false]) {
      for (let n = 1; n <= 6; n++) {
        it(`${readable ? "readable" : "hash-only"} credential, killed after tool call ${n}`, async () => {
          deployKeeper();
          deployReader("reader", 2);
          await m.settle();
          fakeApp("keeper").readable = readable;
          m.killHookAfterToolCall({ unit: "keeper/0", hook: "secret-rotate", n });
          m.advance(31 * DAY);
          await m.settle();
          // The kill really landed inside the rotation hook.
          expect(m.hookLog.some((h) => h.hook === "secret-rotate" && h.result === "killed")).toBe(true);
          m.advance(10 * MINUTE);
          await m.settle();
          const value = latestToken();
          expect(fakeApp("keeper").credential).toBe(value);
          expect(readerUses.get("reader/0")).toBe(value);
          expect(readerUses.get("reader/1")).toBe(value);
          expect(m.unitStatus("keeper/0").status).toBe("active");
        });
      }
    }
  });

  it("a storm of rotations across many consumers converges, with only tracked revisions left", async () => {
    deployKeeper();
    const readers = Array.from({ length: 8 }, (_, i) => `reader${i}`);
    for (const name of readers) deployReader(name);
    await m.settle();
    for (let i = 0; i < 5; i++) {
      await m.runAction("keeper/0", "rotate-credentials", {});
      if (i % 2 === 0) await m.settle();
    }
    await m.settle();
    const value = latestToken();
    for (const name of readers) expect(readerUses.get(`${name}/0`)).toBe(value);
    expect([...tokenSecret().revisions.keys()]).toEqual([tokenSecret().latestRevision]);
    expect(m.hookLog.every((h) => h.exitCode === 0)).toBe(true);
  });
});

describe("provenance", () => {
  // A reader on any number of token relations, recording what each one gave it.
  const MULTI_READER_YAML = TOKEN_READER_YAML.replace("name: reader", "name: multi").replace(
    "    limit: 1\n",
    "",
  );
  const seen = new Map<string, string>();
  const multiReader = defineCharm({
    metadata: parse(MULTI_READER_YAML),
    async reconcile(ctx) {
      for (const relation of await ctx.relations("token")) {
        const token = await readProvidedToken(ctx, relation);
        seen.set(await relation.remoteApp(), token.ok ? `token ${token.token}` : `refused: ${token.reason}`);
      }
      ctx.status.active();
    },
  });
  // Publishes whatever secret ID it is told to: another app's, which the reader may hold a grant to.
  const THIEF_YAML = TOKEN_OWNER_YAML.replace("name: keeper", "name: thief").replace(
    "config:\n  options:\n",
    "config:\n  options:\n    steal:\n      type: string\n      description: a secret ID to publish\n",
  );
  const thief = defineCharm({
    metadata: declareMetadata<{ steal?: string }>(parse(THIEF_YAML)),
    async reconcile(ctx) {
      const id = ctx.config.steal;
      if (!(await ctx.isLeader()) || !id) return;
      for (const relation of await ctx.relations("token"))
        await relation.setAppData({ "token-secret-id": id });
    },
  });

  it("a consumer uses a secret only when it is the relation's remote app's own", async () => {
    seen.clear();
    deployKeeper();
    m.deploy("multi", { charm: multiReader, metadata: MULTI_READER_YAML });
    m.deploy("thief", { charm: thief, metadata: THIEF_YAML });
    m.integrate("multi:token", "keeper:token");
    m.integrate("multi:token", "thief:token");
    await m.settle();
    m.config("thief", { steal: tokenSecret().id });
    await m.settle();
    expect(seen.get("keeper")).toBe(`token ${latestToken()}`);
    expect(seen.get("thief")).toMatch(
      /^refused: the secret thief published on token:\d+ is not thief's own; ignoring it$/,
    );
    expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);
  });
});

describe("consumers", () => {
  /** A provider that publishes its secret's ID, grants it only when told, and can delete it. */
  const careless = { grant: false, remove: false };
  const carelessYaml = TOKEN_OWNER_YAML.replace("name: keeper", "name: careless");
  const carelessCharm = defineCharm({
    metadata: parse(carelessYaml),
    async reconcile(ctx) {
      if (!(await ctx.isLeader())) return;
      const existing = (await ctx.tools.secretIds())[0];
      if (careless.remove) {
        if (existing) await ctx.tools.secretRemove(existing);
        return;
      }
      const id =
        existing ??
        (await ctx.tools.secretAdd(stampedContent({ token: "careless-token-0123456789" }, ctx.app.name), {
          label: "token",
        }));
      for (const relation of await ctx.relations("token")) {
        await relation.setAppData({ "token-secret-id": id });
        if (careless.grant) await ctx.tools.secretGrant(id, relation.id);
      }
      ctx.status.active();
    },
  });

  it("wait, with a clear message, for a grant that is not visible and for a removed secret; never a failed hook", async () => {
    m.deploy("careless", { charm: carelessCharm, metadata: carelessYaml });
    m.deploy("reader", { charm: tokenReaderCharm, metadata: TOKEN_READER_YAML });
    const rel = m.integrate("reader:token", "careless:token");
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({
      status: "waiting",
      message: `waiting for careless to grant access to its secret on token:${rel.id}`,
    });
    careless.grant = true;
    m.advance(5 * MINUTE);
    await m.settle();
    m.advance(5 * MINUTE);
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({ status: "active" });
    expect(readerUses.get("reader/0")).toBe("careless-token-0123456789");
    careless.remove = true;
    m.advance(5 * MINUTE);
    await m.settle();
    m.advance(5 * MINUTE);
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({
      status: "waiting",
      message: expect.stringContaining("is not visible"),
    });
    expect(m.hookLog.every((h) => h.exitCode === 0)).toBe(true);
  });
});

describe("user secrets", () => {
  /** A reader of the `vpn` user secret's `private-key`, `where` it comes from given or not. */
  function deployUserSecretReader(more: { where?: string } = {}) {
    const user = defineCharm({
      metadata: declareMetadata<{ vpn?: string }>(parse(TOKEN_READER_YAML)),
      async reconcile(ctx) {
        const vpn = await readUserSecret(ctx, "vpn", ["private-key"], more);
        if (!vpn.ok) ctx.status.blocked(vpn.reason);
        else ctx.status.active();
      },
    });
    m.deploy("reader", { charm: user, metadata: TOKEN_READER_YAML });
  }

  it("says what to run when the option is unset", async () => {
    deployUserSecretReader();
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({
      status: "blocked",
      message:
        "vpn is not set: juju add-secret <name> private-key=... && juju grant-secret <name> reader && juju config reader vpn=secret:<id>",
    });
    // A malformed ID never reaches the charm: Juju refuses it at `juju config` time (the
    // framework's own check is defence in depth, see config-schema.test.ts).
    expect(() => m.config("reader", { vpn: "not-a-secret-id" })).toThrow(/expected secret/);
  });

  it("names where the value comes from when the option is unset", async () => {
    deployUserSecretReader({ where: "https://vpn.example/keys" });
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({
      status: "blocked",
      message:
        "vpn is not set: get one at https://vpn.example/keys, then juju add-secret <name> private-key=... && juju grant-secret <name> reader && juju config reader vpn=secret:<id>",
    });
  });

  it("says what to run when the secret is not granted or a key is missing", async () => {
    deployKeeper();
    deployReader("reader");
    await m.settle();
    const id = m.addUserSecret("vpn-key", { "public-key": "abcdefgh0123" });
    m.config("reader", { vpn: id });
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({
      status: "blocked",
      message: expect.stringContaining("juju grant-secret"),
    });
    // grant-secret fires no hook: the charm sees the grant at its next update-status.
    m.grantSecret("vpn-key", "reader");
    m.advance(5 * MINUTE);
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({
      status: "blocked",
      message: expect.stringContaining('lacks "private-key"'),
    });
    m.updateUserSecret("vpn-key", { "private-key": "p-0123456789abcdef" });
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({ status: "active" });
    expect(JSON.stringify(m.unitStatus("reader/0"))).not.toContain("p-0123456789abcdef");
  });

  it("gives optional keys when present, and refuses keys meant for something else, naming the fix", async () => {
    const user = defineCharm({
      metadata: declareMetadata<{ vpn?: string }>(parse(TOKEN_READER_YAML)),
      async reconcile(ctx) {
        const vpn = await readUserSecret(ctx, "vpn", ["private-key"], {
          optional: ["addresses"],
          refuse: {
            keys: ["username", "password"],
            because: "this is a WireGuard setup",
            fix: (id) => `juju update-secret ${id} private-key=...`,
          },
        });
        if (!vpn.ok) return ctx.status.blocked(vpn.reason);
        ctx.status.active(Object.keys(vpn.content).sort().join(" "));
      },
    });
    m.deploy("reader", { charm: user, metadata: TOKEN_READER_YAML });
    const id = m.addUserSecret("vpn-key", { username: "u-01234567", password: "p-0123456789abcdef" });
    m.grantSecret("vpn-key", "reader");
    m.config("reader", { vpn: id });
    await m.settle();
    const xid = id.slice("secret:".length);
    expect(m.unitStatus("reader/0")).toMatchObject({
      status: "blocked",
      message: `secret ${id} (vpn) has "username", "password" but this is a WireGuard setup: juju update-secret ${xid} private-key=...`,
    });
    m.updateUserSecret("vpn-key", { "private-key": "k-0123456789abcdef" });
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({ status: "active", message: "private-key" });
    m.updateUserSecret("vpn-key", { "private-key": "k-0123456789abcdef", addresses: "10.64.0.2/32" });
    await m.settle();
    expect(m.unitStatus("reader/0")).toMatchObject({ status: "active", message: "addresses private-key" });
  });
});

describe("a credential that changes with another", () => {
  const YAML = TOKEN_OWNER_YAML.replace("name: keeper", "name: pair");
  const pair = () => {
    const companion = ownedSecret({
      label: "companion",
      description: "changes with the token",
      schema: z.object({ token: z.string().min(16) }),
      generate: () => ({ token: randomApiKey() }),
      rotation: "never",
      workload: async () => undefined,
    });
    return defineCharm({
      metadata: declareMetadata<{ "rotation-interval": string }>(parse(YAML)),
      features: [companion.feature],
      async reconcile(ctx) {
        const found = await companion.get(ctx);
        if (!found.ok) return;
        if (ctx.event.kind === "config-changed" && ctx.config["rotation-interval"] === "daily") {
          const replaced = await companion.replace(ctx, { token: randomApiKey() });
          // What get gives for the rest of the hook is the replaced content.
          const again = await companion.get(ctx);
          if (replaced.ok && again.ok && again.secret.content.token === replaced.secret.content.token)
            ctx.status.active("replaced");
        }
      },
    });
  };

  it("keeps a fixed policy (never) whatever rotation-interval says, and replace makes a revision", async () => {
    m.deploy("pair", { charm: pair(), metadata: YAML });
    await m.settle();
    const secret = () => m.secret("companion", { owner: "pair" })!;
    expect(secret().rotatePolicy ?? "never").toBe("never");
    const first = secret().content().token;
    m.config("pair", { "rotation-interval": "daily" });
    await m.settle();
    expect(secret().rotatePolicy ?? "never").toBe("never");
    expect(secret().latestRevision).toBe(2);
    expect(secret().content().token).not.toBe(first);
    expect(m.unitStatus("pair/0")).toMatchObject({ status: "active", message: "replaced" });
  });
});
