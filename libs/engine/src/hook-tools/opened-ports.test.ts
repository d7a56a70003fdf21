import { describe, expect, it } from "vitest";
import { fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("opened-ports", () => {
  it("lists committed ranges sorted by protocol then port; with --endpoints marks all-endpoint ranges (*)", async () => {
    const { model } = fixture();
    const open = model.openContext("indexer/0", { hook: "x" });
    await tool(open, "open-port", "9696");
    await tool(open, "open-port", "53/udp");
    await tool(open, "open-port", "8080", "--endpoints", "metrics,media-indexer");
    open.commit();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "opened-ports")).toEqual(ok("8080/tcp\n9696/tcp\n53/udp\n"));
    expect(await tool(ctx, "opened-ports", "--format=json")).toEqual(
      ok('["8080/tcp","9696/tcp","53/udp"]\n'),
    );
    expect(await tool(ctx, "opened-ports", "--endpoints")).toEqual(
      ok("8080/tcp (media-indexer, metrics)\n9696/tcp (*)\n53/udp (*)\n"),
    );
  });

  it("does not show this hook's pending open-port calls", async () => {
    // [~] The contract marks this uncertain; the documented behaviour (opened-ports help) is followed.
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "open-port", "80");
    expect(await tool(ctx, "opened-ports")).toEqual(ok(""));
    expect(await tool(ctx, "opened-ports", "--format=json")).toEqual(ok("[]\n"));
  });

  it("takes no arguments", async () => {
    const { model } = fixture();
    expect(await tool(model.openContext("indexer/0", { hook: "x" }), "opened-ports", "x")).toEqual(
      usage('unrecognized args: ["x"]'),
    );
  });
});
