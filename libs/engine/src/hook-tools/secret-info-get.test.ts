import { describe, expect, it } from "vitest";
import {
  addSecret,
  failure,
  fixture,
  ok,
  runCommitted,
  tool,
  usage,
} from "../../testing/hook-context/test-fixtures";

describe("secret-info-get", () => {
  it("prints owned secret metadata keyed by bare xid (default yaml), empty fields left out", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "--label", "api-key", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-info-get", xid)).toEqual(
      ok(`${xid}:\n  revision: 1\n  label: api-key\n  owner: application\n`),
    );
    expect(await tool(ctx, "secret-info-get", "--label", "api-key", "--format=json")).toEqual(
      ok(`{"${xid}":{"revision":1,"label":"api-key","owner":"application"}}\n`),
    );
  });

  it("shows description, rotation, expiry, next rotation and grants", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(
      model,
      "indexer/0",
      "--description",
      "the key",
      "--rotate",
      "daily",
      "--expire",
      "2025-02-01T00:00:00Z",
      "abc=1",
    );
    await runCommitted(model, "indexer/0", "secret-grant", xid, "-r", String(relationId));
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-info-get", xid, "--format=json")).toEqual(
      ok(
        `{"${xid}":{"revision":1,"label":"","owner":"application","description":"the key","rotation":"daily","expiry":"2025-02-01T00:00:00Z","rotates":"2025-01-02T00:00:00Z","access":[{"target":"application-manager","scope":"relation-manager.media-indexer#indexer.media-indexer","role":"view"}]}}\n`,
      ),
    );
  });

  it("reflects this hook's pending changes", async () => {
    const { model, relationId } = fixture();
    const xid = await addSecret(model, "indexer/0", "--label", "old", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-set", xid, "--label", "new", "--description", "d", "--rotate", "weekly");
    await tool(ctx, "secret-grant", xid, "-r", String(relationId), "--unit", "manager/1");
    const out = JSON.parse((await tool(ctx, "secret-info-get", "--label", "new", "--format=json")).stdout);
    expect(out[xid]).toMatchObject({
      label: "new",
      description: "d",
      rotation: "weekly",
      access: [{ target: "unit-manager-1", role: "view" }],
    });
    const created = (await tool(ctx, "secret-add", "--label", "fresh", "abc=2")).stdout.trim().slice(-20);
    expect(await tool(ctx, "secret-info-get", "--label", "fresh", "--format=json")).toEqual(
      ok(`{"${created}":{"revision":1,"label":"fresh","owner":"application"}}\n`),
    );
  });

  it("works only for owned secrets (exit 1) and needs exactly one of ID or label (exit 2)", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "--label", "k", "abc=1");
    const follower = model.openContext("indexer/1", { hook: "x" });
    expect(await tool(follower, "secret-info-get", xid)).toEqual(failure(`secret "${xid}" not found`));
    expect(await tool(follower, "secret-info-get", "--label", "k")).toEqual(failure('secret "k" not found'));
    expect(await tool(follower, "secret-info-get")).toEqual(usage("require either a secret URI or label"));
    expect(await tool(follower, "secret-info-get", xid, "--label", "k")).toEqual(
      usage("specify either a secret URI or label but not both"),
    );
    expect(await tool(follower, "secret-info-get", "zzz")).toEqual(usage('secret URI "zzz" not valid'));
  });
});
