import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("status-set", () => {
  it("sets the unit's workload status at once, and it survives a failed hook", async () => {
    const { model, clock } = fixture();
    clock.advance(1000);
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "status-set", "blocked", "set option port")).toEqual(ok());
    expect(model.unit("indexer/0").workloadStatus).toMatchObject({
      status: "blocked",
      message: "set option port",
    });
    expect(model.unit("indexer/0").workloadStatus.since).toEqual(clock.now());
    ctx.discard();
    expect(model.unit("indexer/0").workloadStatus.status).toBe("blocked");
  });

  it("accepts ops' calling style (--application=False, message after --)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(ctx, "status-set", "--application=False", "maintenance", "--", "-starting-")).toEqual(
      ok(),
    );
    expect(model.unit("indexer/1").workloadStatus).toMatchObject({
      status: "maintenance",
      message: "-starting-",
    });
  });

  it("sets the application status only on the leader", async () => {
    const { model } = fixture();
    expect(
      await tool(
        model.openContext("indexer/0", { hook: "x" }),
        "status-set",
        "--application",
        "active",
        "ok",
      ),
    ).toEqual(ok());
    expect(model.app("indexer").status).toMatchObject({ status: "active", message: "ok" });
    expect(
      await tool(model.openContext("indexer/1", { hook: "x" }), "status-set", "--application", "active"),
    ).toEqual(failure("this unit is not the leader"));
  });

  it("rejects other statuses and extra args (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "status-set")).toEqual(usage("invalid args, require <status> [message]"));
    expect(await tool(ctx, "status-set", "error")).toEqual(
      usage('invalid status "error", expected one of [maintenance blocked waiting active]'),
    );
    expect(await tool(ctx, "status-set", "active", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
  });
});
