import { describe, expect, it } from "vitest";
import { fixture, MANAGER_CHARM, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("relation-ids", () => {
  it("lists relations on the named endpoint as <endpoint>:<id>", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    expect(await tool(ctx, "relation-ids", "media-indexer")).toEqual(ok(`media-indexer:${relationId}\n`));
    expect(await tool(ctx, "relation-ids", "media-indexer", "--format=json")).toEqual(
      ok(`["media-indexer:${relationId}"]\n`),
    );
  });

  it("defaults to the hook's endpoint in a relation hook", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", {
      hook: "media-indexer-relation-changed",
      relationId,
      remoteApp: "manager",
    });
    expect(await tool(ctx, "relation-ids")).toEqual(ok(`media-indexer:${relationId}\n`));
  });

  it("prints nothing (smart) or [] (json) when there are none", async () => {
    // [~] The contract leaves []/null open; Juju builds a non-nil empty slice, so json prints [].
    const { model } = fixture();
    const ctx = model.openContext("manager/0", { hook: "update-status" });
    expect(await tool(ctx, "relation-ids", "media-manager")).toEqual(ok(""));
    expect(await tool(ctx, "relation-ids", "media-manager", "--format=json")).toEqual(ok("[]\n"));
    expect(await tool(ctx, "relation-ids", "media-manager", "--format=yaml")).toEqual(ok("[]\n"));
  });

  it("sorts ids as strings, like sort.Strings", async () => {
    const { model } = fixture();
    for (let i = 0; i < 10; i++) model.deploy(`m${i}`, MANAGER_CHARM.replace("name: manager", `name: m${i}`));
    for (let i = 0; i < 10; i++) model.integrate("indexer", `m${i}`);
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    const ids = JSON.parse(
      (await tool(ctx, "relation-ids", "media-indexer", "--format=json")).stdout,
    ) as string[];
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain("media-indexer:11");
    expect(ids.indexOf("media-indexer:11")).toBeLessThan(ids.indexOf("media-indexer:2"));
  });

  it("still lists a relation that is being removed (ops filters it out itself)", async () => {
    const { model, relationId } = fixture();
    model.removeRelation(relationId);
    const ctx = model.openContext("indexer/0", {
      hook: "media-indexer-relation-broken",
      relationId,
      remoteApp: "manager",
    });
    expect(await tool(ctx, "relation-ids", "media-indexer")).toEqual(ok(`media-indexer:${relationId}\n`));
  });

  it("needs an endpoint outside relation hooks and rejects extra args (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    expect(await tool(ctx, "relation-ids")).toEqual(usage("no endpoint name specified"));
    expect(await tool(ctx, "relation-ids", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
  });
});
