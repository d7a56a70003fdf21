import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("network-get", () => {
  it("prints the binding's network info (json without the legacy yaml-only fields)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(ctx, "network-get", "media-indexer", "--format=json")).toEqual(
      ok(
        '{"bind-addresses":[{"mac-address":"","interface-name":"eth0","addresses":[{"hostname":"","value":"127.0.1.2","cidr":"127.0.1.0/24"}]}],"egress-subnets":["127.0.1.2/32"],"ingress-addresses":["127.0.1.2"]}\n',
      ),
    );
    const yaml = await tool(ctx, "network-get", "metrics");
    expect(yaml.stdout).toContain("    address: 127.0.1.2\n");
    expect(yaml.stdout).toContain("  interfacename: eth0\n");
  });

  it("prints just one value for one flag, a map for several", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "network-get", "media-indexer", "--ingress-address")).toEqual(ok("127.0.1.1\n"));
    expect(
      await tool(ctx, "network-get", "media-indexer", "--bind-address", "-r", String(relationId)),
    ).toEqual(ok("127.0.1.1\n"));
    expect(await tool(ctx, "network-get", "media-indexer", "--egress-subnets")).toEqual(ok("127.0.1.1/32\n"));
    expect(
      await tool(
        ctx,
        "network-get",
        "media-indexer",
        "--ingress-address",
        "--egress-subnets",
        "--format=json",
      ),
    ).toEqual(ok('{"egress-subnets":["127.0.1.1/32"],"ingress-address":"127.0.1.1"}\n'));
    expect(await tool(ctx, "network-get", "media-indexer", "--primary-address")).toEqual(ok("127.0.1.1\n"));
  });

  it("follows a configured unit address", async () => {
    const { model } = fixture();
    model.setUnitAddress("indexer/0", "10.1.2.3");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "network-get", "indexer-peers", "--ingress-address")).toEqual(ok("10.1.2.3\n"));
  });

  it("fails for unknown bindings (exit 1) and bad usage (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "network-get", "nope")).toEqual(
      failure('binding name "nope" not defined by the unit\'s charm'),
    );
    expect(await tool(ctx, "network-get")).toEqual(usage("no arguments specified"));
    expect(await tool(ctx, "network-get", "")).toEqual(usage("no binding name specified"));
    expect(await tool(ctx, "network-get", "metrics", "x")).toEqual(usage('unrecognized args: ["x"]'));
    expect(await tool(ctx, "network-get", "metrics", "--primary-address", "--bind-address")).toEqual(
      failure("--primary-address must be the only flag specified"),
    );
  });
});
