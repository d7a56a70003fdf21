import { describe, expect, it } from "vitest";
import {
  addSecret,
  failure,
  fixture,
  ok,
  runCommitted,
  tool,
} from "../../testing/hook-context/test-fixtures";

// Secret semantics across units and applications (contract §3, §4, §8 items 26-40).

const read = (model: ReturnType<typeof fixture>["model"], unit: string, ...args: string[]) =>
  runCommitted(model, unit, "secret-get", ...args, "--format=json");

async function granted() {
  const f = fixture();
  const xid = await addSecret(f.model, "indexer/0", "--label", "api-key", "key=v1");
  await runCommitted(f.model, "indexer/0", "secret-grant", xid, "-r", String(f.relationId));
  return { ...f, xid };
}

describe("ownership and access", () => {
  it("lets every unit of the owning app read an app secret, by ID or owner label", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "--label", "api-key", "key=v1");
    expect(await read(model, "indexer/1", xid)).toEqual(ok('{"key":"v1"}\n'));
    expect(await read(model, "indexer/1", "--label", "api-key")).toEqual(ok('{"key":"v1"}\n'));
  });

  it("denies other apps until a grant on a live relation, and again after the relation is removed", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v1");
    expect(await read(model, "manager/0", xid)).toEqual(failure("permission denied"));
    await runCommitted(model, "indexer/0", "secret-grant", xid, "-r", String(relationId));
    expect(await read(model, "manager/0", xid)).toEqual(ok('{"key":"v1"}\n'));
    model.removeRelation(relationId);
    expect(model.secret(xid)?.grants).toEqual([]);
    expect(await read(model, "manager/0", xid)).toEqual(failure("permission denied"));
  });

  it("keeps unit-owned secrets to their unit", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/1", "--owner", "unit", "key=v1");
    expect(await read(model, "indexer/1", xid)).toEqual(ok('{"key":"v1"}\n'));
    expect(await read(model, "indexer/0", xid)).toEqual(failure("permission denied"));
  });

  it("makes user secrets readable after grant-secret, by the URI from a secret config option", async () => {
    const { model } = fixture();
    const uri = model.addUserSecret("vpn", { username: "u", password: "p" });
    expect(uri).toMatch(/^secret:[0-9a-v]{20}$/);
    model.setConfig("indexer", { "vpn-credentials": uri });
    const ctx = model.openContext("indexer/1", { hook: "config-changed" });
    const configured = (await tool(ctx, "config-get", "vpn-credentials")).stdout.trim();
    expect(await tool(ctx, "secret-get", configured, "password")).toEqual(failure("permission denied"));
    model.grantSecret("vpn", "indexer");
    expect(await tool(ctx, "secret-get", configured, "password")).toEqual(ok("p\n"));
    model.revokeSecret(uri, "indexer");
    expect(await tool(ctx, "secret-get", configured)).toEqual(failure("permission denied"));
  });

  it("leaves a removed secret unreadable, with no hook for consumers", async () => {
    const { model, xid } = await granted();
    await read(model, "manager/0", xid);
    await runCommitted(model, "indexer/0", "secret-remove", xid);
    expect(model.takeNotifications().filter((n) => n.kind === "secret-changed")).toEqual([]);
    expect(await read(model, "manager/0", xid)).toEqual(failure(`secret "${xid}" not found`));
  });
});

describe("tracking, peek and refresh", () => {
  it("pins the first read, peeks without moving, refreshes and tracks at commit", async () => {
    const { model, xid } = await granted();
    expect(await read(model, "manager/0", xid)).toEqual(ok('{"key":"v1"}\n'));
    expect(model.secret(xid)?.consumers.get("manager/0")?.currentRevision).toBe(1);
    await runCommitted(model, "indexer/0", "secret-set", xid, "key=v2");
    expect(await read(model, "manager/0", xid)).toEqual(ok('{"key":"v1"}\n'));
    expect(await read(model, "manager/0", xid, "--peek")).toEqual(ok('{"key":"v2"}\n'));
    expect(model.secret(xid)?.consumers.get("manager/0")?.currentRevision).toBe(1);
    expect(await read(model, "manager/0", xid, "--refresh")).toEqual(ok('{"key":"v2"}\n'));
    expect(model.secret(xid)?.consumers.get("manager/0")?.currentRevision).toBe(2);
    expect(await read(model, "manager/0", xid)).toEqual(ok('{"key":"v2"}\n'));
  });

  it("drops a refresh (and a first-read pin) when the hook fails", async () => {
    const { model, xid } = await granted();
    const first = model.openContext("manager/0", { hook: "x" });
    await tool(first, "secret-get", xid);
    first.discard();
    expect(model.secret(xid)?.consumers.has("manager/0")).toBe(false);
    await read(model, "manager/0", xid);
    await runCommitted(model, "indexer/0", "secret-set", xid, "key=v2");
    const ctx = model.openContext("manager/0", { hook: "secret-changed" });
    expect(await tool(ctx, "secret-get", xid, "--refresh", "key")).toEqual(ok("v2\n"));
    expect(await tool(ctx, "secret-get", xid, "key")).toEqual(ok("v2\n"));
    ctx.discard();
    expect(model.secret(xid)?.consumers.get("manager/0")?.currentRevision).toBe(1);
  });

  it("makes owners track revisions like consumers (Juju >= 3.1.7)", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v1");
    await read(model, "indexer/0", xid);
    await runCommitted(model, "indexer/0", "secret-set", xid, "key=v2");
    expect(await read(model, "indexer/0", xid)).toEqual(ok('{"key":"v1"}\n'));
    expect(await read(model, "indexer/0", xid, "--refresh")).toEqual(ok('{"key":"v2"}\n'));
  });

  it("numbers revisions 1, 2, 3 and never reuses a removed number", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v1");
    await runCommitted(model, "indexer/0", "secret-set", xid, "key=v2");
    await runCommitted(model, "indexer/0", "secret-remove", xid, "--revision", "2");
    await runCommitted(model, "indexer/0", "secret-set", xid, "key=v3");
    expect([...(model.secret(xid)?.revisions.keys() ?? [])]).toEqual([1, 3]);
  });
});

describe("labels", () => {
  it("sets a consumer label with <ID> --label, then finds the secret by it", async () => {
    const { model, xid } = await granted();
    expect(await read(model, "manager/0", xid, "--label", "indexer-key")).toEqual(ok('{"key":"v1"}\n'));
    expect(model.secret(xid)?.consumerLabels.get("manager")).toBe("indexer-key");
    expect(model.secret(xid)?.label).toBe("api-key");
    // Consumer labels are app-wide: another unit of the consumer app can use it.
    expect(await read(model, "manager/1", "--label", "indexer-key")).toEqual(ok('{"key":"v1"}\n'));
  });

  it("sets the owner label when the owner (leader) gives <ID> --label", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v1");
    await read(model, "indexer/0", xid, "--label", "owned");
    expect(model.secret(xid)?.label).toBe("owned");
    expect(model.secret(xid)?.consumerLabels.size).toBe(0);
  });

  it("rejects a duplicate owner label at commit", async () => {
    // [~] The contract gives two wordings; the facade's AlreadyExistsf("secret with label %q") is used.
    const { model } = fixture();
    await addSecret(model, "indexer/0", "--label", "taken", "key=v1");
    const xid = await addSecret(model, "indexer/0", "key=v2");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-set", xid, "--label", "taken");
    expect(ctx.commit()).toEqual({ ok: false, error: 'secret with label "taken" already exists' });
  });
});

describe("notifications for the event generator", () => {
  it("owes one secret-changed per consumer unit that read the secret, with its label", async () => {
    const { model, xid } = await granted();
    await read(model, "manager/0", xid, "--label", "indexer-key");
    await read(model, "indexer/1", xid);
    model.takeNotifications();
    await runCommitted(model, "indexer/0", "secret-set", xid, "key=v2");
    const changed = model.takeNotifications().filter((n) => n.kind === "secret-changed");
    expect(changed).toEqual([
      { kind: "secret-changed", unit: "manager/0", xid, label: "indexer-key", revision: 2 },
      { kind: "secret-changed", unit: "indexer/1", xid, label: "api-key", revision: 2 },
    ]);
    // Not re-notified for the same revision; manager/1 never read it.
    await runCommitted(model, "indexer/0", "secret-set", xid, "--description", "d");
    expect(model.takeNotifications().filter((n) => n.kind === "secret-changed")).toEqual([]);
  });

  it("does not notify a unit that refreshed in the same hook", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v1");
    await read(model, "indexer/0", xid);
    const ctx = model.openContext("indexer/0", { hook: "secret-rotate" });
    await tool(ctx, "secret-set", xid, "key=v2");
    await tool(ctx, "secret-get", xid, "--refresh");
    ctx.commit();
    expect(model.takeNotifications().filter((n) => n.kind === "secret-changed")).toEqual([]);
  });

  it("records obsolete revisions (untracked, not latest) once for the owner's secret-remove", async () => {
    // [~] The contract says an ignored obsolete revision lingers (no repeat): it is recorded once.
    const { model, xid } = await granted();
    await read(model, "manager/0", xid);
    model.takeNotifications();
    await runCommitted(model, "indexer/0", "secret-set", xid, "key=v2");
    // manager/0 still tracks revision 1: not obsolete yet.
    expect(model.takeNotifications().filter((n) => n.kind === "secret-remove")).toEqual([]);
    await read(model, "manager/0", xid, "--refresh");
    expect(model.takeNotifications().filter((n) => n.kind === "secret-remove")).toEqual([
      {
        kind: "secret-remove",
        owner: { kind: "application", name: "indexer" },
        xid,
        label: "api-key",
        revision: 1,
      },
    ]);
    await runCommitted(model, "indexer/0", "secret-set", xid, "--description", "again");
    expect(model.takeNotifications().filter((n) => n.kind === "secret-remove")).toEqual([]);
    await runCommitted(model, "indexer/0", "secret-remove", xid, "--revision", "1");
    expect([...(model.secret(xid)?.revisions.keys() ?? [])]).toEqual([2]);
  });

  it("sends user-secret updates to consumers that read them, and no owner hooks", async () => {
    const { model } = fixture();
    const uri = model.addUserSecret("token", { token: "t1" });
    model.grantSecret(uri, "indexer");
    await read(model, "indexer/0", uri);
    model.updateUserSecret("token", { token: "t2" });
    model.updateUserSecret("token", { token: "t2" });
    expect(model.takeNotifications()).toEqual([
      { kind: "secret-changed", unit: "indexer/0", xid: uri.slice(-20), label: "", revision: 2 },
    ]);
  });
});

describe("within one hook", () => {
  it("sees its own creates in secret-ids, secret-info-get and secret-get before commit", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    const uri = (await tool(ctx, "secret-add", "--label", "k", "key=v")).stdout.trim();
    const xid = uri.slice(-20);
    expect(await tool(ctx, "secret-ids")).toEqual(ok(`${xid}\n`));
    expect((await tool(ctx, "secret-info-get", uri, "--format=json")).stdout).toContain('"revision":1');
    expect(await tool(ctx, "secret-get", "--label", "k", "--format=json")).toEqual(ok('{"key":"v"}\n'));
    await tool(ctx, "secret-grant", uri, "-r", "1");
    expect(ctx.commit()).toEqual({ ok: true });
    expect(model.secret(xid)?.grants).toHaveLength(1);
  });

  it("keeps the last of two grants on the same relation", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "key=v");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-grant", xid, "-r", String(relationId), "--unit", "manager/0");
    await tool(ctx, "secret-grant", xid, "-r", String(relationId), "--unit", "manager/1");
    ctx.commit();
    expect(model.secret(xid)?.grants.map((g) => g.target.name)).toEqual(["manager/1"]);
  });
});
