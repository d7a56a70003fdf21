import { describe, expect, it } from "vitest";
import { fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("goal-state", () => {
  it("lists the app's units and each endpoint's related apps and units (default yaml)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("manager/0", { hook: "x" });
    const since = "2025-01-01 00:00:00Z";
    expect(await tool(ctx, "goal-state", "--format=json")).toEqual(
      ok(
        `{"units":{"manager/0":{"status":"active","since":"${since}"},"manager/1":{"status":"active","since":"${since}"}},"relations":{"media-indexer":{"indexer":{"status":"joined","since":"${since}"},"indexer/0":{"status":"active","since":"${since}"},"indexer/1":{"status":"active","since":"${since}"}}}}\n`,
      ),
    );
    const yaml = await tool(ctx, "goal-state");
    expect(yaml.stdout.startsWith(`units:\n  manager/0:\n    status: active\n    since: "${since}"\n`)).toBe(
      true,
    );
  });

  it("has no smart format and takes no arguments (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("manager/0", { hook: "x" });
    expect(await tool(ctx, "goal-state", "--format=smart")).toEqual(
      usage('invalid value "smart" for flag --format: unknown format "smart"'),
    );
    expect(await tool(ctx, "goal-state", "x")).toEqual(usage('unrecognized args: ["x"]'));
  });
});
