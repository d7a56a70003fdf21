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

describe("secret-remove", () => {
  it("removes the whole secret at commit (no --revision, or N <= 0)", async () => {
    const { model } = fixture();
    const a = await addSecret(model, "indexer/0", "abc=1");
    const b = await addSecret(model, "indexer/0", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-remove", a)).toEqual(ok());
    expect(await tool(ctx, "secret-remove", b, "--revision", "0")).toEqual(ok());
    expect(model.secret(a)).toBeDefined();
    ctx.commit();
    expect(model.secret(a)).toBeUndefined();
    expect(model.secret(b)).toBeUndefined();
  });

  it("removes one revision; removing the last remaining one deletes the secret", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    await runCommitted(model, "indexer/0", "secret-set", xid, "abc=2");
    await runCommitted(model, "indexer/0", "secret-remove", xid, "--revision", "1");
    expect([...(model.secret(xid)?.revisions.keys() ?? [])]).toEqual([2]);
    await runCommitted(model, "indexer/0", "secret-remove", xid, "--revision", "2");
    expect(model.secret(xid)).toBeUndefined();
  });

  it("is dropped on discard", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-remove", xid);
    ctx.discard();
    expect(model.secret(xid)).toBeDefined();
  });

  it("cancels a secret created earlier in the same hook", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const uri = (await tool(ctx, "secret-add", "abc=1")).stdout.trim();
    await tool(ctx, "secret-remove", uri);
    expect(ctx.commit()).toEqual({ ok: true });
    expect(model.secret(uri)).toBeUndefined();
  });

  it("is for the owner only", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    model.setLeader("indexer/1");
    const ctx = model.openContext("indexer/1", { hook: "x" });
    model.setLeader("indexer/0");
    expect(await tool(ctx, "secret-remove", xid)).toEqual(failure("this unit is not the leader"));
    const other = model.openContext("manager/0", { hook: "x" });
    await tool(other, "secret-remove", xid);
    expect(other.commit()).toEqual({ ok: false, error: "permission denied" });
  });

  it("rejects bad usage (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-remove")).toEqual(usage("missing secret URI"));
    expect(await tool(ctx, "secret-remove", "x")).toEqual(usage('secret URI "x" not valid'));
    expect(await tool(ctx, "secret-remove", "9m4e2mr0ui3e8a215n4g", "y")).toEqual(
      usage('unrecognized args: ["y"]'),
    );
    expect(await tool(ctx, "secret-remove", "9m4e2mr0ui3e8a215n4g", "--revision", "two")).toEqual(
      usage('invalid value "two" for flag --revision: strconv.ParseInt: parsing "two": invalid syntax'),
    );
  });
});
