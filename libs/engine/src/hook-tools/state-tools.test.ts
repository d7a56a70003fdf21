import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

// state-get, state-set and state-delete on the unit's server-side charm state.

describe("state-get", () => {
  it("prints null (json) / {} (smart) for an empty store", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "state-get", "--format=json")).toEqual(ok("null\n"));
    expect(await tool(ctx, "state-get")).toEqual(ok("{}\n"));
    expect(await tool(ctx, "state-get", "-", "--format=yaml")).toEqual(ok("{}\n"));
  });

  it("prints an empty string for a missing key unless --strict", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "state-get", "missing")).toEqual(ok(""));
    expect(await tool(ctx, "state-get", "missing", "--format=json")).toEqual(ok('""\n'));
    // Juju 3.6's text is NotFoundf("%q", key): `"missing" not found`.
    expect(await tool(ctx, "state-get", "--strict", "missing")).toEqual(failure('"missing" not found'));
    expect(await tool(ctx, "state-get", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
  });

  it("sees this hook's own writes", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "state-set", "a=1", "b=2");
    await tool(ctx, "state-delete", "b");
    expect(await tool(ctx, "state-get", "--format=json")).toEqual(ok('{"a":"1"}\n'));
    expect(await tool(ctx, "state-get", "a")).toEqual(ok("1\n"));
  });
});

describe("state-set / state-delete", () => {
  it("are buffered until commit and dropped on discard", async () => {
    const { model } = fixture();
    const failed = model.openContext("indexer/0", { hook: "x" });
    await tool(failed, "state-set", "a=1");
    failed.discard();
    expect(model.unit("indexer/0").state.size).toBe(0);
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await ctx.run("state-set", ["--file", "-", "b=cli"], "a: one\nb: file\n");
    expect(model.unit("indexer/0").state.size).toBe(0);
    ctx.commit();
    expect(Object.fromEntries(model.unit("indexer/0").state)).toEqual({ a: "one", b: "cli" });
    const del = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(del, "state-delete", "a")).toEqual(ok());
    expect(await tool(del, "state-delete", "never-set")).toEqual(ok());
    del.commit();
    expect(Object.fromEntries(model.unit("indexer/0").state)).toEqual({ b: "cli" });
  });

  it("keeps empty values (they do not delete)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "state-set", "a=");
    ctx.commit();
    expect(model.unit("indexer/0").state.get("a")).toBe("");
  });

  it("enforce key and value size limits (exit 1) and pair syntax (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "state-set", `${"k".repeat(257)}=v`)).toEqual(
      failure("max allowed key length (256) exceeded"),
    );
    expect(await tool(ctx, "state-set", `k=${"v".repeat(65537)}`)).toEqual(
      failure("max allowed value length (65536) exceeded"),
    );
    expect(await tool(ctx, "state-set", "novalue")).toEqual(usage('expected "key=value", got "novalue"'));
    expect(await tool(ctx, "state-delete", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
  });
});
