import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("status-get", () => {
  it("prints the status word (smart) or details", async () => {
    const { model } = fixture();
    model.setUnitStatus("indexer/0", { status: "active", message: "ready", data: {} });
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "status-get")).toEqual(ok("active\n"));
    expect(await tool(ctx, "status-get", "--format=json")).toEqual(ok('{"status":"active"}\n'));
    expect(await tool(ctx, "status-get", "--include-data", "--format=json")).toEqual(
      ok('{"message":"ready","status":"active","status-data":{}}\n'),
    );
    expect(await tool(ctx, "status-get", "--include-data")).toEqual(
      ok("message: ready\nstatus: active\nstatus-data: {}\n"),
    );
  });

  it("caches the first answer for the hook, as the uniter does", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "status-get")).toEqual(ok("waiting\n"));
    await tool(ctx, "status-set", "active");
    expect(await tool(ctx, "status-get")).toEqual(ok("waiting\n"));
  });

  it("prints the application status with its units on the leader", async () => {
    const { model } = fixture();
    model.setAppStatus("indexer", { status: "active", message: "", data: {} });
    model.setUnitStatus("indexer/1", { status: "blocked", message: "b", data: {} });
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "status-get", "--application")).toEqual(ok("active\n"));
    expect(await tool(ctx, "status-get", "--application", "--format=json")).toEqual(
      ok(
        '{"application-status":{"status":"active","units":{"indexer/0":{"status":"waiting"},"indexer/1":{"status":"blocked"}}}}\n',
      ),
    );
    const follower = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(follower, "status-get", "--application")).toEqual(
      failure("finding application status: this unit is not the leader"),
    );
  });

  it("takes no positional arguments", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "status-get", "x")).toEqual(
      usage('unrecognized args: ["x"]'),
    );
  });
});
