// Radarr's decisions in-process (no pod: its Pebble is unreachable, so the app never runs here;
// the flows with the app are in *.integration.test.ts).
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import radarr from "../src/charm";

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
});
afterEach(async () => {
  await m.close();
});

describe("radarr (in-process)", () => {
  it("creates its api-key secret at once, and is Blocked without media storage, failing no hook", async () => {
    m.deploy("radarr", { charm: radarr });
    await m.settle();
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    expect(m.unitStatus("radarr/0")).toMatchObject({
      status: "blocked",
      message: "needs shared media storage: juju integrate radarr media-storage",
    });
    const secret = m.secret("api-key", { owner: "radarr" })!;
    expect(secret).toMatchObject({
      owner: "application",
      description: "Radarr API key",
      rotatePolicy: "monthly",
    });
    expect(secret.content()["api-key"]).toMatch(/^[0-9a-f]{32}$/);
    expect(secret.grants).toEqual([]); // nobody reads Radarr's key through Juju
  });

  it("follows rotation-interval; a bad value or a bad option is Blocked and changes nothing", async () => {
    m.deploy("radarr", { charm: radarr });
    await m.settle();
    m.config("radarr", { "rotation-interval": "weekly" });
    await m.settle();
    expect(m.secret("api-key", { owner: "radarr" })!.rotatePolicy).toBe("weekly");
    for (const [option, value, shown] of [
      ["rotation-interval", "sometimes", 'rotation-interval="sometimes"'],
      ["timezone", "Mars/Olympus", 'timezone="Mars/Olympus"'],
      ["url-base", "http://x/radarr", "url-base="],
      ["root-folder", "movies", 'root-folder="movies"'],
    ] as const) {
      m.config("radarr", { [option]: value });
      await m.settle();
      expect(m.unitStatus("radarr/0").status).toBe("blocked");
      expect(m.unitStatus("radarr/0").message).toContain(shown);
      expect(m.secret("api-key", { owner: "radarr" })!.rotatePolicy).toBe("weekly");
      m.config("radarr", { [option]: option === "rotation-interval" ? "weekly" : null });
      await m.settle();
    }
    expect(m.secret("api-key", { owner: "radarr" })!.latestRevision).toBe(1);
  });

  it("defaults its root folder to /data/media/movies, and says so when refusing one", async () => {
    m.deploy("radarr", { charm: radarr });
    await m.settle();
    expect((await m.runTool("radarr/0", "config-get", ["root-folder"])).stdout.trim()).toBe(
      "/data/media/movies",
    );
    m.config("radarr", { "root-folder": "movies" });
    await m.settle();
    expect(m.unitStatus("radarr/0").message).toBe(
      'invalid config: root-folder="movies" (allowed: a folder under /data such as /data/media/movies (no . or .. parts), or empty)',
    );
  });

  it("does not rotate while its app is down: the action fails saying why, the key stays", async () => {
    m.deploy("radarr", { charm: radarr });
    await m.settle();
    const key = m.secret("api-key", { owner: "radarr" })!.content()["api-key"];
    const result = await m.runAction("radarr/0", "rotate-credentials");
    expect(result.status).toBe("failed");
    expect(result.message).toContain("not reachable");
    expect(m.secret("api-key", { owner: "radarr" })!.content()["api-key"]).toBe(key);
  });

  it("publishes nothing on media-indexer before its app runs (no registration attempt too early)", async () => {
    m.deploy("radarr", { charm: radarr });
    m.deploy("indexer", {
      charm: { metadata: { name: "indexer" } },
      metadata: "name: indexer\nprovides:\n  media-indexer:\n    interface: media-indexer\n",
    });
    const rel = m.integrate("radarr:media-indexer", "indexer:media-indexer");
    await m.settle();
    expect(m.databag(rel.id, "radarr")).toEqual({});
  });
});
