import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("relation-set", () => {
  it("buffers writes until commit; empty values delete", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(
      await tool(ctx, "relation-set", "-r", String(relationId), "url=http://i", "private-address="),
    ).toEqual(ok());
    expect(model.relation(relationId).unitData.get("indexer/0")?.get("url")).toBeUndefined();
    expect(ctx.commit()).toEqual({ ok: true });
    const bag = model.relation(relationId).unitData.get("indexer/0");
    expect(bag?.get("url")).toBe("http://i");
    expect(bag?.has("private-address")).toBe(false);
  });

  it("reads a YAML/JSON map from --file - (stdin) with command-line pairs overriding it", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await ctx.run(
      "relation-set",
      ["-r", String(relationId), "--app", "--file", "-", "b=cli"],
      '{"a": "1", "b": "file", "n": 5}',
    );
    ctx.commit();
    expect(Object.fromEntries(model.relation(relationId).appData.get("indexer") ?? [])).toEqual({
      a: "1",
      b: "cli",
      n: "5",
    });
  });

  it("needs leadership for --app (exit 1 cannot write relation settings)", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(ctx, "relation-set", "-r", String(relationId), "--app", "a=b")).toEqual(
      failure("cannot write relation settings"),
    );
  });

  it("rejects malformed pairs and a missing relation (exit 2)", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const r = String(relationId);
    expect(await tool(ctx, "relation-set", "a=b")).toEqual(usage("no relation id specified"));
    expect(await tool(ctx, "relation-set", "-r", r, "novalue")).toEqual(
      usage('expected "key=value", got "novalue"'),
    );
    expect(await tool(ctx, "relation-set", "-r", r, "=v")).toEqual(usage('expected "key=value", got "=v"'));
    expect(await tool(ctx, "relation-set", "-r", r, "a=1", "a=2")).toEqual(
      usage('key "a" specified more than once'),
    );
  });

  it("fails reading a missing --file (exit 1) and warns about the deprecated --format", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" }, { cwd: "/nonexistent" });
    expect(await tool(ctx, "relation-set", "-r", String(relationId), "--file", "s.yaml")).toEqual(
      failure("open /nonexistent/s.yaml: no such file or directory"),
    );
    const warned = await tool(ctx, "relation-set", "-r", String(relationId), "--format", "json", "a=b");
    expect(warned).toEqual({
      stdout: "",
      stderr: '--format flag deprecated for command "relation-set"',
      exitCode: 0,
    });
  });

  it("uses the hook's relation by default", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("manager/0", {
      hook: "media-indexer-relation-joined",
      relationId,
      remoteUnit: "indexer/0",
      remoteApp: "indexer",
    });
    await tool(ctx, "relation-set", "k=v");
    ctx.commit();
    expect(model.relation(relationId).unitData.get("manager/0")?.get("k")).toBe("v");
  });
});
