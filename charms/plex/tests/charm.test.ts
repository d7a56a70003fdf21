// Plex's decisions in-process (no pod: its Pebble is unreachable, so the app never runs here;
// the claim and the libraries are in *.integration.test.ts).
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import plex from "../src/charm";

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
});
afterEach(async () => {
  await m.close();
});

describe("plex (in-process)", () => {
  it("is Blocked without media storage, reads no secret and fails no hook", async () => {
    m.deploy("plex", { charm: plex });
    await m.settle();
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    expect(m.unitStatus("plex/0")).toMatchObject({
      status: "blocked",
      message: "needs shared media storage: juju integrate plex media-storage",
    });
    expect(m.hookLog.flatMap((h) => h.toolCalls).some((c) => c.tool === "secret-get")).toBe(false);
  });

  it("refuses a time zone Plex would not know", async () => {
    m.deploy("plex", { charm: plex });
    m.config("plex", { timezone: "Mars/Olympus" });
    await m.settle();
    expect(m.unitStatus("plex/0").status).toBe("blocked");
    expect(m.unitStatus("plex/0").message).toContain('timezone="Mars/Olympus"');
  });

  it("fails the reclaim action off the leader's app, saying why", async () => {
    m.deploy("plex", { charm: plex });
    await m.settle();
    const result = await m.runAction("plex/0", "reclaim");
    expect(result.status).toBe("failed");
    expect(result.message).toContain("Plex is not running");
  });
});
