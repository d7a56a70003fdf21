import { describe, expect, it } from "vitest";
import {
  failure,
  fixture,
  hook,
  ok,
  runCommitted,
  tool,
  usage,
} from "../../testing/hook-context/test-fixtures";

describe("relation-get", () => {
  it("reads the remote unit of a relation hook by default, all keys or one", async () => {
    const { model, relationId } = fixture();
    await hook(model, "manager/0", "x", async (ctx) => {
      await tool(ctx, "relation-set", "-r", String(relationId), "url=http://m0");
    });
    const env = {
      hook: "media-indexer-relation-changed",
      relationId,
      remoteUnit: "manager/0",
      remoteApp: "manager",
    };
    const ctx = model.openContext("indexer/0", env);
    expect(await tool(ctx, "relation-get", "--format=json")).toEqual(
      ok(
        '{"egress-subnets":"127.0.1.3/32","ingress-address":"127.0.1.3","private-address":"127.0.1.3","url":"http://m0"}\n',
      ),
    );
    expect(await tool(ctx, "relation-get", "url")).toEqual(ok("http://m0\n"));
    expect(await tool(ctx, "relation-get", "-", "manager/1", "--format=json")).toEqual(
      ok('{"egress-subnets":"127.0.1.4/32","ingress-address":"127.0.1.4","private-address":"127.0.1.4"}\n'),
    );
    expect(await tool(ctx, "relation-get", "missing")).toEqual(ok(""));
    expect(await tool(ctx, "relation-get", "missing", "--format=json")).toEqual(ok("null\n"));
  });

  it("falls back to the remote app bag when the hook has no remote unit", async () => {
    const { model, relationId } = fixture();
    await hook(model, "manager/0", "x", async (ctx) => {
      await tool(ctx, "relation-set", "-r", String(relationId), "--app", "shared=yes");
    });
    const ctx = model.openContext("indexer/1", {
      hook: "media-indexer-relation-changed",
      relationId,
      remoteApp: "manager",
    });
    expect(await tool(ctx, "relation-get", "--format=json")).toEqual(ok('{"shared":"yes"}\n'));
    expect(await tool(ctx, "relation-get", "--app", "shared", "manager/1")).toEqual(ok("yes\n"));
    expect(await tool(ctx, "relation-get", "--app", "-", "manager", "--format=json")).toEqual(
      ok('{"shared":"yes"}\n'),
    );
  });

  it("reads the unit's own bag including this hook's uncommitted writes", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "relation-set", "-r", String(relationId), "a=1", "private-address=");
    expect(
      await tool(ctx, "relation-get", "-r", String(relationId), "-", "indexer/0", "--format=json"),
    ).toEqual(ok('{"a":"1","egress-subnets":"127.0.1.1/32","ingress-address":"127.0.1.1"}\n'));
  });

  it("lets only the leader read its own app bag, which includes its pending writes", async () => {
    const { model, relationId } = fixture();
    const leader = model.openContext("indexer/0", { hook: "x" });
    await tool(leader, "relation-set", "-r", String(relationId), "--app", "k=v");
    expect(
      await tool(leader, "relation-get", "-r", String(relationId), "--app", "-", "indexer", "--format=json"),
    ).toEqual(ok('{"k":"v"}\n'));
    const follower = model.openContext("indexer/1", { hook: "x" });
    // [~] The contract marks this uncertain; the documented behaviour is permission denied.
    expect(await tool(follower, "relation-get", "-r", String(relationId), "--app", "-", "indexer")).toEqual(
      failure("permission denied"),
    );
  });

  it("lets non-leaders read their own app bag on a peer relation (committed data only)", async () => {
    const { model, peerId } = fixture();
    await runCommitted(model, "indexer/0", "relation-set", "-r", String(peerId), "--app", "shared=1");
    const follower = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(follower, "relation-get", "-r", String(peerId), "--app", "shared", "indexer")).toEqual(
      ok("1\n"),
    );
  });

  it("rejects an app name without --app, bad unit names and missing targets (exit 2)", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    const r = String(relationId);
    expect(await tool(ctx, "relation-get", "-r", r, "-", "manager")).toEqual(
      usage('expected unit name, got application name "manager"'),
    );
    expect(await tool(ctx, "relation-get", "-r", r, "-", "Bad/x")).toEqual(
      usage('invalid unit name "Bad/x"'),
    );
    expect(await tool(ctx, "relation-get", "-r", r)).toEqual(usage("no unit or application specified"));
    expect(await tool(ctx, "relation-get", "-r", r, "--app")).toEqual(
      usage("no unit or application specified"),
    );
    expect(await tool(ctx, "relation-get", "-", "manager/0")).toEqual(usage("no relation id specified"));
    expect(await tool(ctx, "relation-get", "-r", r, "k", "manager/0", "x")).toEqual(
      usage('unrecognized args: ["x"]'),
    );
    expect(await tool(ctx, "relation-get", "-r", "7", "k", "manager/0")).toEqual(
      usage('invalid value "7" for flag -r: relation not found'),
    );
  });

  it("fails for units outside the relation (exit 1)", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    const out = await tool(ctx, "relation-get", "-r", String(relationId), "-", "other/0");
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain("settings not found");
  });
});
