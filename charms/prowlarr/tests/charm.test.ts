// Prowlarr's decisions in-process (no pod: its Pebble is unreachable, so the app never runs here;
// the flows with the app are in *.integration.test.ts).
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prowlarr from "../src/charm";

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
});
afterEach(async () => {
  await m.close();
});

const MANAGER_YAML =
  "name: manager\nrequires:\n  media-indexer:\n    interface: media-indexer\n    limit: 1\n";

describe("prowlarr (in-process)", () => {
  it("owns its api-key secret, and neither grants nor publishes it before Prowlarr answers", async () => {
    m.deploy("prowlarr", { charm: prowlarr });
    m.deploy("manager", { charm: { metadata: { name: "manager" } }, metadata: MANAGER_YAML });
    const rel = m.integrate("manager:media-indexer", "prowlarr:media-indexer");
    await m.settle();
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    const secret = m.secret("api-key", { owner: "prowlarr" })!;
    expect(secret).toMatchObject({ description: "Prowlarr API key", rotatePolicy: "monthly" });
    expect(secret.grants).toEqual([]);
    expect(m.databag(rel.id, "prowlarr")).toEqual({});
    expect(m.unitStatus("prowlarr/0")).toMatchObject({ status: "waiting" });
  });

  it("keeps the secret and its policy across a leader change (application-owned, found by label)", async () => {
    m.deploy("prowlarr", { charm: prowlarr, units: 2 });
    await m.settle();
    const before = m.secret("api-key", { owner: "prowlarr" })!;
    m.setLeader("prowlarr/1");
    m.config("prowlarr", { "rotation-interval": "daily" });
    await m.settle();
    const after = m.secret("api-key", { owner: "prowlarr" })!;
    expect(after.id).toBe(before.id);
    expect(after.rotatePolicy).toBe("daily");
    expect(m.secrets({ owner: "prowlarr" })).toHaveLength(1);
  });

  it("blocks on a bad option, naming it and what is allowed", async () => {
    m.deploy("prowlarr", { charm: prowlarr, config: { "url-base": "/a b" } });
    await m.settle();
    expect(m.unitStatus("prowlarr/0").status).toBe("blocked");
    expect(m.unitStatus("prowlarr/0").message).toContain('url-base="/a b"');
  });
});
