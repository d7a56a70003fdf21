import { describe, expect, it } from "vitest";
import { fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("application-version-set", () => {
  it("sets the version at once, even if the hook fails", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "application-version-set", "--", "1.2.3")).toEqual(ok());
    ctx.discard();
    expect(model.unit("indexer/0").workloadVersion).toBe("1.2.3");
    expect(model.app("indexer").version).toBe("1.2.3");
  });

  it("needs exactly one version (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "application-version-set")).toEqual(usage("no version specified"));
    expect(await tool(ctx, "application-version-set", "1", "2")).toEqual(usage('unrecognized args: ["2"]'));
  });
});
