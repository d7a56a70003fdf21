import { beforeEach, describe, expect, it } from "vitest";
import { useWireFormatServer } from "../testing/use-wire-format-server";
import { jsonBody } from "../testing/wire-format-server";
import { parseCheckInfo } from "./checks";

const t = useWireFormatServer();

beforeEach(async () => {
  await t.client.addLayer("checks", {
    checks: {
      alive: { override: "replace", level: "alive", tcp: { port: 8080 } },
      ready: {
        override: "replace",
        level: "ready",
        threshold: 5,
        http: { url: "http://localhost:8080/ping" },
      },
      manual: { override: "replace", startup: "disabled", exec: { command: "/bin/true" } },
    },
  });
});

describe("checks", () => {
  it("lists checks with their status", async () => {
    t.server.checks.setStatus("ready", "down");
    const checks = await t.client.getChecks();
    expect(checks).toEqual([
      {
        name: "alive",
        level: "alive",
        startup: "enabled",
        status: "up",
        successes: 0,
        failures: 0,
        threshold: 3,
        changeId: expect.stringMatching(/^\d+$/),
        prevChangeId: undefined,
      },
      {
        name: "manual",
        level: undefined,
        startup: "disabled",
        status: "inactive",
        successes: 0,
        failures: 0,
        threshold: 3,
        changeId: undefined,
        prevChangeId: undefined,
      },
      {
        name: "ready",
        level: "ready",
        startup: "enabled",
        status: "down",
        successes: 0,
        failures: 3,
        threshold: 5,
        changeId: expect.stringMatching(/^\d+$/),
        prevChangeId: undefined,
      },
    ]);
  });

  it("filters by level and names in the query", async () => {
    expect((await t.client.getChecks({ level: "ready" })).map((c) => c.name)).toEqual(["ready"]);
    expect((await t.client.getChecks({ names: ["alive", "manual"] })).map((c) => c.name)).toEqual([
      "alive",
      "manual",
    ]);
    const queries = t.server.requestsTo("/v1/checks").map((r) => Object.fromEntries(r.query));
    expect(queries).toEqual([{ level: "ready" }, { names: "alive,manual" }]);
  });

  it("starts and stops checks, returning what changed", async () => {
    expect(await t.client.startChecks(["manual", "alive"])).toEqual(["manual"]);
    expect(await t.client.stopChecks(["alive"])).toEqual(["alive"]);
    const posts = t.server
      .requestsTo("/v1/checks")
      .filter((r) => r.method === "POST")
      .map(jsonBody);
    expect(posts).toEqual([
      { action: "start", checks: ["manual", "alive"] },
      { action: "stop", checks: ["alive"] },
    ]);
    expect((await t.client.getChecks({ names: ["alive"] }))[0]?.status).toBe("inactive");
  });

  it("surfaces unknown checks and refuses empty lists", async () => {
    await expect(t.client.startChecks(["ghost"])).rejects.toMatchObject({
      statusCode: 400,
      message: "cannot find checks: ghost",
    });
    await expect(t.client.stopChecks([])).rejects.toThrow(TypeError);
  });

  it("copes with older Pebble's `changed: null`", async () => {
    t.server.intercept((r, res) => {
      if (r.method !== "POST") return false;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ type: "sync", "status-code": 200, status: "OK", result: { changed: null } }));
      return true;
    });
    expect(await t.client.startChecks(["alive"])).toEqual([]);
  });
});

describe("parseCheckInfo", () => {
  it("forces inactive when startup is reported but no change runs the check (as ops)", () => {
    expect(parseCheckInfo({ name: "c", startup: "enabled", status: "up", threshold: 3 }).status).toBe(
      "inactive",
    );
    // Older Pebble: no startup field, status taken as given.
    expect(parseCheckInfo({ name: "c", status: "down", failures: 2, threshold: 3 })).toMatchObject({
      status: "down",
      startup: "enabled",
      failures: 2,
      successes: 0,
    });
  });
});
