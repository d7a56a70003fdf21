import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

// storage-get, storage-list and storage-add share the unit's storage attachments.

describe("storage-get", () => {
  it("reads the storage hook's instance by default, or -s <id>", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/1", { hook: "config-storage-attached", storageId: "config/1" });
    expect(await tool(ctx, "storage-get", "--format=json")).toEqual(
      ok('{"kind":"filesystem","location":"/config"}\n'),
    );
    expect(await tool(ctx, "storage-get", "location")).toEqual(ok("/config\n"));
    const other = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(other, "storage-get", "-s", "config/0", "kind")).toEqual(ok("filesystem\n"));
  });

  it("fails with Juju's errors", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "storage-get")).toEqual(usage("no storage instance specified"));
    expect(await tool(ctx, "storage-get", "-s", "Bad")).toEqual(
      usage('invalid value "Bad" for flag -s: invalid storage ID "Bad"'),
    );
    expect(await tool(ctx, "storage-get", "-s", "config/1")).toEqual(
      usage('invalid value "config/1" for flag -s: storage attachment "config/1" not found'),
    );
    expect(await tool(ctx, "storage-get", "-s", "config/0", "size")).toEqual(
      failure('invalid storage attribute "size"'),
    );
    expect(await tool(ctx, "storage-get", "-s", "config/0", "kind", "x")).toEqual(
      usage('unrecognized args: ["x"]'),
    );
  });
});

describe("storage-list", () => {
  it("lists the unit's storage ids, optionally for one storage name", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(ctx, "storage-list")).toEqual(ok("config/1\n"));
    expect(await tool(ctx, "storage-list", "config", "--format=json")).toEqual(ok('["config/1"]\n'));
    expect(await tool(ctx, "storage-list", "other", "--format=json")).toEqual(ok("[]\n"));
    expect(await tool(ctx, "storage-list", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
  });
});

describe("storage-add", () => {
  it("records requests at commit, not on discard", async () => {
    const { model } = fixture();
    const failed = model.openContext("indexer/0", { hook: "x" });
    await tool(failed, "storage-add", "config");
    failed.discard();
    expect(model.notifications).toEqual([]);
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "storage-add", "config=2")).toEqual(ok());
    ctx.commit();
    expect(model.takeNotifications()).toEqual([
      { kind: "storage-add", unit: "indexer/0", storage: "config", count: 2 },
    ]);
  });

  it("needs a directive with at most a count (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "storage-add")).toEqual(usage("storage add requires a storage directive"));
    expect(await tool(ctx, "storage-add", "config=ebs,10G")).toEqual(
      usage('only count can be specified for "config"'),
    );
  });
});
