import { describe, expect, it } from "vitest";
import { fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("relation-list", () => {
  it("lists remote units for -r N or -r endpoint:N", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    expect(await tool(ctx, "relation-list", "-r", String(relationId))).toEqual(ok("manager/0\nmanager/1\n"));
    expect(await tool(ctx, "relation-list", "-r", `media-indexer:${relationId}`, "--format=json")).toEqual(
      ok('["manager/0","manager/1"]\n'),
    );
  });

  it("defaults to the hook's relation and prints the remote app with --app (a JSON string)", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext("manager/1", {
      hook: "media-indexer-relation-joined",
      relationId,
      remoteUnit: "indexer/0",
      remoteApp: "indexer",
    });
    expect(await tool(ctx, "relation-list")).toEqual(ok("indexer/0\nindexer/1\n"));
    expect(await tool(ctx, "relation-list", "--app", "--format=json")).toEqual(ok('"indexer"\n'));
    expect(await tool(ctx, "relation-list", "--app")).toEqual(ok("indexer\n"));
  });

  it("lists the other units of the app on a peer relation", async () => {
    const { model, peerId } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    expect(await tool(ctx, "relation-list", "-r", String(peerId))).toEqual(ok("indexer/1\n"));
    expect(await tool(ctx, "relation-list", "-r", String(peerId), "--app")).toEqual(ok("indexer\n"));
  });

  it("excludes the departing unit during relation-departed", async () => {
    const { model, relationId } = fixture();
    const env = {
      hook: "media-indexer-relation-departed",
      relationId,
      remoteUnit: "manager/1",
      remoteApp: "manager",
      departingUnit: "manager/1",
    };
    const ctx = model.openContext("indexer/0", env);
    expect(await tool(ctx, "relation-list")).toEqual(ok("manager/0\n"));
  });

  it("reports the members the runner says this unit has seen join", async () => {
    const { model, relationId } = fixture();
    const ctx = model.openContext(
      "indexer/0",
      { hook: "media-indexer-relation-created", relationId, remoteApp: "manager" },
      { members: () => [] },
    );
    expect(await tool(ctx, "relation-list", "--format=json")).toEqual(ok("[]\n"));
  });

  it("fails with Juju's usage errors (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "update-status" });
    expect(await tool(ctx, "relation-list")).toEqual(usage("no relation id specified"));
    expect(await tool(ctx, "relation-list", "-r", "99")).toEqual(
      usage('invalid value "99" for flag -r: relation not found'),
    );
    expect(await tool(ctx, "relation-list", "-r", "db:x")).toEqual(
      usage('invalid value "db:x" for flag -r: invalid relation id'),
    );
    expect(await tool(ctx, "relation-list", "-r", "1", "extra")).toEqual(
      usage('unrecognized args: ["extra"]'),
    );
  });
});
