import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failure, INDEXER_CHARM, tool, usage } from "../../testing/hook-context/test-fixtures";
import { ManualClock } from "../model/clock";
import { Model } from "../model/model";

describe("resource-get", () => {
  it("prints the path of an oci-image resource file (no newline) describing the image", async () => {
    const model = new Model({ clock: new ManualClock(), dataDir: mkdtempSync(join(tmpdir(), "resources-")) });
    model.deploy("indexer", INDEXER_CHARM, { resources: { "indexer-image": "ghcr.io/example/indexer:2" } });
    const ctx = model.openContext("indexer/0", { hook: "x" });
    const out = await tool(ctx, "resource-get", "indexer-image");
    expect(out.exitCode).toBe(0);
    expect(out.stdout.endsWith("\n")).toBe(false);
    expect(readFileSync(out.stdout, "utf8")).toBe(
      "registrypath: ghcr.io/example/indexer:2\nusername: \npassword: \n",
    );
  });

  it("fails for unknown or missing resources (exit 1) and needs a name (exit 2)", async () => {
    const model = new Model({ clock: new ManualClock() });
    model.deploy("indexer", INDEXER_CHARM);
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "resource-get", "indexer-image")).toEqual(
      failure('could not download resource: resource "indexer-image" not found'),
    );
    expect(await tool(ctx, "resource-get", "nope")).toEqual(
      failure('could not download resource: resource "nope" not found'),
    );
    expect(await tool(ctx, "resource-get")).toEqual(usage("missing required resource name"));
    expect(await tool(ctx, "resource-get", "a", "b")).toEqual(usage('unrecognized args: ["b"]'));
    expect(await tool(ctx, "resource-get", "--format=json", "a")).toEqual(
      usage("flag provided but not defined: --format"),
    );
  });
});
