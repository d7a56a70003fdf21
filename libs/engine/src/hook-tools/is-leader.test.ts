import { describe, expect, it } from "vitest";
import { fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("is-leader", () => {
  it("prints True/False (smart) and true/false (json)", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "is-leader")).toEqual(ok("True\n"));
    expect(await tool(model.openContext("indexer/1", { hook: "x" }), "is-leader")).toEqual(ok("False\n"));
    expect(await tool(model.openContext("indexer/1", { hook: "x" }), "is-leader", "--format=json")).toEqual(
      ok("false\n"),
    );
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "is-leader", "--format=yaml")).toEqual(
      ok("true\n"),
    );
  });

  it("reflects a leadership change mid-hook", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    model.setLeader("indexer/1");
    expect(await tool(ctx, "is-leader")).toEqual(ok("False\n"));
  });

  it("takes no arguments", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "is-leader", "x")).toEqual(
      usage('unrecognized args: ["x"]'),
    );
  });
});
