import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("open-port / close-port", () => {
  it("buffers opens until commit; tcp is the default protocol", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "open-port", "9696")).toEqual(ok());
    expect(await tool(ctx, "open-port", "53/UDP")).toEqual(ok());
    expect(await tool(ctx, "open-port", "icmp")).toEqual(ok());
    expect(await tool(ctx, "open-port", "8080", "--endpoints", "media-indexer, metrics")).toEqual(ok());
    expect(model.unit("indexer/0").openedPorts.size).toBe(0);
    expect(ctx.commit()).toEqual({ ok: true });
    const opened = model.unit("indexer/0").openedPorts;
    expect(opened.get("")?.map((r) => [r.from, r.protocol])).toEqual([
      [-1, "icmp"],
      [9696, "tcp"],
      [53, "udp"],
    ]);
    expect(opened.get("media-indexer")?.[0]).toEqual({ from: 8080, to: 8080, protocol: "tcp" });
  });

  it("drops opens on discard and cancels a pending open with a close", async () => {
    const { model } = fixture();
    const failed = model.openContext("indexer/0", { hook: "x" });
    await tool(failed, "open-port", "80");
    failed.discard();
    expect(model.unit("indexer/0").openedPorts.size).toBe(0);
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "open-port", "80");
    await tool(ctx, "close-port", "80");
    ctx.commit();
    expect(model.unit("indexer/0").openedPorts.size).toBe(0);
  });

  it("closes committed ports", async () => {
    const { model } = fixture();
    const open = model.openContext("indexer/0", { hook: "x" });
    await tool(open, "open-port", "80");
    await tool(open, "open-port", "81");
    open.commit();
    const close = model.openContext("indexer/0", { hook: "x" });
    await tool(close, "close-port", "80/tcp");
    close.commit();
    expect(model.unit("indexer/0").openedPorts.get("")).toEqual([{ from: 81, to: 81, protocol: "tcp" }]);
  });

  it("rejects port ranges on Kubernetes (exit 1)", async () => {
    // [~] The contract marks K8s range rejection uncertain; the uniter's recorder refuses them.
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "open-port", "1000-2000/udp")).toEqual(
      failure("port ranges are not supported for k8s applications, please specify a single port"),
    );
  });

  it("rejects malformed ports with Juju's texts (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "open-port")).toEqual(usage("no port or range specified"));
    expect(await tool(ctx, "open-port", "http")).toEqual(
      usage('invalid port "http": strconv.Atoi: parsing "http": invalid syntax'),
    );
    expect(await tool(ctx, "open-port", "80/sctp")).toEqual(
      usage('invalid protocol "sctp", expected "tcp", "udp", or "icmp"'),
    );
    expect(await tool(ctx, "close-port", "90-80")).toEqual(usage("invalid port range 90-80/tcp"));
    expect(await tool(ctx, "open-port", "70000")).toEqual(
      usage("port range bounds must be between 0 and 65535, got 70000-70000"),
    );
    expect(await tool(ctx, "open-port", "80", "81")).toEqual(usage('unrecognized args: ["81"]'));
  });

  it("fails the commit for an endpoint the charm does not have", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "open-port", "80", "--endpoints", "nope");
    const result = ctx.commit();
    expect(result.ok).toBe(false);
    expect(model.unit("indexer/0").openedPorts.size).toBe(0);
  });
});
