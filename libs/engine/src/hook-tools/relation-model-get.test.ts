import { describe, expect, it } from "vitest";
import { fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("relation-model-get", () => {
  it("prints the remote model's uuid (this model: no cross-model relations)", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "relation-model-get", "-r", String(relationId), "--format=json")).toEqual(
      ok(`{"uuid":"${model.uuid}"}\n`),
    );
    expect(await tool(ctx, "relation-model-get", "-r", String(relationId))).toEqual(
      ok(`uuid: ${model.uuid}\n`),
    );
  });

  it("needs a relation and no extra args (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "relation-model-get")).toEqual(usage("no relation id specified"));
    expect(await tool(ctx, "relation-model-get", "-r", "1", "x")).toEqual(usage('unrecognized args: ["x"]'));
  });
});
