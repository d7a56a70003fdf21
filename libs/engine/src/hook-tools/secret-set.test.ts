import { describe, expect, it } from "vitest";
import { addSecret, failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("secret-set", () => {
  it("makes a new revision at commit when the content changes", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=v1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-set", `secret:${xid}`, "abc=v2")).toEqual(ok());
    expect(model.secret(xid)?.latestRevision).toBe(1);
    ctx.commit();
    expect(model.secret(xid)?.latestRevision).toBe(2);
    expect(model.secretContent(xid)).toEqual({ abc: "v2" });
    expect(model.secretContent(xid, 1)).toEqual({ abc: "v1" });
  });

  it("makes no revision for identical content (Juju 3.6)", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=v1", "def=x");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-set", xid, "def=x", "abc=v1");
    ctx.commit();
    expect(model.secret(xid)?.latestRevision).toBe(1);
  });

  it("merges several calls in one hook into one update", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=v1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-set", xid, "abc=v2");
    await tool(ctx, "secret-set", xid, "--label", "renamed", "--description", "d");
    await tool(ctx, "secret-set", xid, "abc=v3", "--rotate", "daily");
    ctx.commit();
    expect(model.secret(xid)).toMatchObject({
      latestRevision: 2,
      label: "renamed",
      description: "d",
      rotatePolicy: "daily",
    });
    expect(model.secretContent(xid)).toEqual({ abc: "v3" });
  });

  it("folds into a secret created earlier in the same hook (still revision 1)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const uri = (await tool(ctx, "secret-add", "abc=v1")).stdout.trim();
    await tool(ctx, "secret-set", uri, "abc=v2", "--label", "l");
    ctx.commit();
    const xid = uri.slice(-20);
    expect(model.secret(xid)).toMatchObject({ latestRevision: 1, label: "l" });
    expect(model.secretContent(xid)).toEqual({ abc: "v2" });
  });

  it("sets expiry on the new revision; without content, on the latest", async () => {
    const { model, clock } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=v1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-set", xid, "--expire", "1h");
    ctx.commit();
    expect(model.secret(xid)?.revisions.get(1)?.expireTime).toEqual(
      new Date(clock.now().getTime() + 3600_000),
    );
  });

  it("fails at once for a non-leader on a known app secret; an unowned secret fails the commit", async () => {
    // [~] Immediate vs at-commit depends on what the context knows: it checks only the owned
    // secrets it fetched when the hook started, as the uniter's context does.
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=v1");
    const leader = model.openContext("indexer/0", { hook: "x" });
    model.setLeader("indexer/1");
    expect(await tool(leader, "secret-set", xid, "abc=v2")).toEqual(failure("this unit is not the leader"));
    // A non-leader never saw the app's secrets: the call succeeds and the flush is refused (§8 item 14).
    const follower = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(follower, "secret-set", xid, "abc=v2")).toEqual(ok());
    expect(follower.commit()).toEqual({ ok: false, error: "permission denied" });
    const other = model.openContext("manager/0", { hook: "x" });
    expect(await tool(other, "secret-set", xid, "abc=v3")).toEqual(ok());
    expect(other.commit()).toEqual({ ok: false, error: "permission denied" });
    expect(model.secret(xid)?.latestRevision).toBe(1);
  });

  it("fails the commit when nothing is to be updated", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=v1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-set", xid)).toEqual(ok());
    expect(ctx.commit()).toEqual({ ok: false, error: "at least one attribute to update must be specified" });
  });

  it("rejects bad usage (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-set")).toEqual(usage("missing secret URI"));
    expect(await tool(ctx, "secret-set", "bogus", "abc=1")).toEqual(usage('secret URI "bogus" not valid'));
    expect(await tool(ctx, "secret-set", "9m4e2mr0ui3e8a215n4g", "x=1")).toEqual(usage('key "x" not valid'));
    expect(await tool(ctx, "secret-set", "9m4e2mr0ui3e8a215n4g", "--rotate", "x")).toEqual(
      usage('rotate policy "x" not valid'),
    );
  });
});
