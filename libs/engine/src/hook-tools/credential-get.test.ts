import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("credential-get", () => {
  it("fails unless the application is trusted", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "credential-get")).toEqual(
      failure("cannot access cloud credentials: permission denied"),
    );
  });

  it("prints the cloud spec after juju trust", async () => {
    const { model } = fixture();
    model.setTrust("indexer", true);
    model.cloudSpec = {
      type: "kubernetes",
      name: "k8s",
      "skip-tls-verify": true,
      "is-controller-cloud": false,
    };
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "credential-get", "--format=json")).toEqual(
      ok('{"type":"kubernetes","name":"k8s","skip-tls-verify":true,"is-controller-cloud":false}\n'),
    );
    expect(await tool(ctx, "credential-get", "x")).toEqual(usage('unrecognized args: ["x"]'));
  });
});
