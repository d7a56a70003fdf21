import { describe, expect, it } from "vitest";
import { addSecret, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("secret-ids", () => {
  it("lists bare xids of owned secrets: app-owned only on the leader, unit-owned on their unit", async () => {
    const { model } = fixture();
    const app = await addSecret(model, "indexer/0", "abc=1");
    const unit = await addSecret(model, "indexer/1", "--owner", "unit", "abc=1");
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "secret-ids")).toEqual(ok(`${app}\n`));
    expect(await tool(model.openContext("indexer/1", { hook: "x" }), "secret-ids", "--format=json")).toEqual(
      ok(`["${unit}"]\n`),
    );
    expect(await tool(model.openContext("manager/0", { hook: "x" }), "secret-ids")).toEqual(ok(""));
  });

  it("prints nothing (smart), null (json) or [] (yaml) when there are none", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-ids")).toEqual(ok(""));
    expect(await tool(ctx, "secret-ids", "--format=json")).toEqual(ok("null\n"));
    expect(await tool(ctx, "secret-ids", "--format=yaml")).toEqual(ok("[]\n"));
  });

  it("includes secrets added and excludes secrets removed earlier in the hook", async () => {
    const { model } = fixture();
    const old = await addSecret(model, "indexer/0", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const fresh = (await tool(ctx, "secret-add", "abc=2")).stdout.trim().slice(-20);
    await tool(ctx, "secret-remove", old);
    expect(await tool(ctx, "secret-ids", "--format=json")).toEqual(ok(`["${fresh}"]\n`));
  });

  it("takes no arguments", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "secret-ids", "x")).toEqual(
      usage('unrecognized args: ["x"]'),
    );
  });
});
