import { describe, expect, it } from "vitest";
import { fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("juju-log", () => {
  it("logs at INFO by default, joining words, under unit.<unit>.juju-log", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "juju-log", "hello", "world")).toEqual(ok());
    expect(model.logs.at(-1)).toMatchObject({
      unit: "indexer/0",
      module: "unit.indexer/0.juju-log",
      level: "INFO",
      message: "hello world",
    });
  });

  it("takes --log-level/-l (case-insensitive) and --debug", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "juju-log", "--log-level", "warning", "--", "careful");
    expect(model.logs.at(-1)).toMatchObject({ level: "WARNING", message: "careful" });
    await tool(ctx, "juju-log", "-l", "ERROR", "bad");
    expect(model.logs.at(-1)).toMatchObject({ level: "ERROR" });
    await tool(ctx, "juju-log", "--debug", "dbg");
    expect(model.logs.at(-1)).toMatchObject({ level: "DEBUG" });
  });

  it("warns about an unknown level and logs at INFO", async () => {
    const { model } = fixture();
    await tool(model.openContext("indexer/0", { hook: "x" }), "juju-log", "-l", "LOUD", "m");
    expect(model.logs.slice(-2).map((r) => [r.level, r.message])).toEqual([
      ["WARNING", 'Specified log level of "LOUD" is not valid'],
      ["INFO", "m"],
    ]);
  });

  it("prefixes messages with <endpoint>:<id> in relation hooks", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", {
      hook: "media-indexer-relation-changed",
      relationId,
      remoteApp: "manager",
    });
    await tool(ctx, "juju-log", "changed");
    expect(model.logs.at(-1)?.message).toBe(`media-indexer:${relationId}: changed`);
  });

  it("is immediate and needs a message (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "juju-log", "kept");
    ctx.discard();
    expect(model.logs.at(-1)?.message).toBe("kept");
    const next = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(next, "juju-log")).toEqual(usage("no message specified"));
  });
});
