import { describe, expect, it } from "vitest";
import {
  addSecret,
  failure,
  fixture,
  ok,
  runCommitted,
  tool,
  usage,
} from "../../testing/hook-context/test-fixtures";

// secret-grant and secret-revoke.

describe("secret-grant", () => {
  it("grants the relation's remote app at commit; its units can then read", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-grant", xid, "-r", String(relationId))).toEqual(ok());
    expect(model.secret(xid)?.grants).toEqual([]);
    ctx.commit();
    // secret-get defaults to yaml, where the string "1" must be quoted.
    expect(model.secret(xid)?.grants).toEqual([
      { target: { kind: "application", name: "manager" }, relationId, role: "view" },
    ]);
    expect(await tool(model.openContext("manager/1", { hook: "x" }), "secret-get", xid, "abc")).toEqual(
      ok('"1"\n'),
    );
  });

  it("can grant one remote unit only", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    await runCommitted(
      model,
      "indexer/0",
      "secret-grant",
      xid,
      "--relation",
      `media-indexer:${relationId}`,
      "--unit",
      "manager/1",
    );
    expect(await tool(model.openContext("manager/1", { hook: "x" }), "secret-get", xid, "abc")).toEqual(
      ok('"1"\n'),
    );
    expect(await tool(model.openContext("manager/0", { hook: "x" }), "secret-get", xid)).toEqual(
      failure("permission denied"),
    );
  });

  it("refuses an app grant while unit grants exist on that relation", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    await runCommitted(
      model,
      "indexer/0",
      "secret-grant",
      xid,
      "-r",
      String(relationId),
      "--unit",
      "manager/0",
    );
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-grant", xid, "-r", String(relationId))).toEqual(
      failure(
        "any unit level grants need to be revoked before granting access to the corresponding application",
      ),
    );
  });

  it("needs an owned secret and leadership (exit 1)", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    const follower = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(follower, "secret-grant", xid, "-r", String(relationId))).toEqual(
      failure(`secret "${xid}" not found`),
    );
    const other = model.openContext("manager/0", { hook: "x" });
    expect(await tool(other, "secret-grant", xid, "-r", String(relationId))).toEqual(
      failure(`secret "${xid}" not found`),
    );
  });

  it("rejects bad usage (exit 2)", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const r = String(relationId);
    expect(await tool(ctx, "secret-grant")).toEqual(usage("missing secret URI"));
    expect(await tool(ctx, "secret-grant", xid)).toEqual(usage("no relation id specified"));
    expect(await tool(ctx, "secret-grant", xid, "-r", r, "--unit", "indexer/1")).toEqual(
      usage('cannot specify unit "indexer/1" in relation to application "manager"'),
    );
    expect(await tool(ctx, "secret-grant", xid, "-r", r, "--unit", "Bad")).toEqual(
      usage('unit "Bad" not valid'),
    );
    expect(await tool(ctx, "secret-grant", xid, "-r", "42")).toEqual(
      usage('invalid value "42" for flag -r: relation not found'),
    );
    expect(await tool(ctx, "secret-grant", xid, "-r", r, "x")).toEqual(usage('unrecognized args: ["x"]'));
  });
});

describe("secret-revoke", () => {
  it("revokes an app (by -r, --app or in the relation hook by default) at commit", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    const r = String(relationId);
    await runCommitted(model, "indexer/0", "secret-grant", xid, "-r", r);
    await runCommitted(model, "indexer/0", "secret-revoke", xid, "-r", r);
    expect(model.secret(xid)?.grants).toEqual([]);
    await runCommitted(model, "indexer/0", "secret-grant", xid, "-r", r);
    await runCommitted(model, "indexer/0", "secret-revoke", xid, "--app", "manager");
    expect(model.secret(xid)?.grants).toEqual([]);
    await runCommitted(model, "indexer/0", "secret-grant", xid, "-r", r);
    const ctx = model.openContext("indexer/0", {
      hook: "media-indexer-relation-departed",
      relationId,
      remoteApp: "manager",
    });
    expect(await tool(ctx, "secret-revoke", xid)).toEqual(ok());
    ctx.commit();
    expect(model.secret(xid)?.grants).toEqual([]);
    expect(await tool(model.openContext("manager/0", { hook: "x" }), "secret-get", xid)).toEqual(
      failure("permission denied"),
    );
  });

  it("revokes one unit with --unit", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    await runCommitted(
      model,
      "indexer/0",
      "secret-grant",
      xid,
      "-r",
      String(relationId),
      "--unit",
      "manager/0",
    );
    await runCommitted(model, "indexer/0", "secret-revoke", xid, "--unit", "manager/0");
    expect(model.secret(xid)?.grants).toEqual([]);
  });

  it("rejects bad usage (exit 2)", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const xid = "9m4e2mr0ui3e8a215n4g";
    expect(await tool(ctx, "secret-revoke")).toEqual(usage("missing secret URI"));
    expect(await tool(ctx, "secret-revoke", xid)).toEqual(usage("missing relation or application or unit"));
    expect(await tool(ctx, "secret-revoke", xid, "--app", "a", "--unit", "a/0")).toEqual(
      usage("specify only one of application or unit"),
    );
    expect(await tool(ctx, "secret-revoke", xid, "-r", String(relationId), "--app", "manager")).toEqual(
      usage("do not specify both relation and app"),
    );
    expect(await tool(ctx, "secret-revoke", xid, "--app", "Bad_App")).toEqual(
      usage('application "Bad_App" not valid'),
    );
    expect(await tool(ctx, "secret-revoke", xid, "--unit", "bad")).toEqual(usage('unit "bad" not valid'));
  });

  it("needs leadership for a known app secret (exit 1)", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    model.setLeader("indexer/1");
    expect(await tool(ctx, "secret-revoke", xid, "--app", "manager")).toEqual(
      failure("this unit is not the leader"),
    );
  });
});
