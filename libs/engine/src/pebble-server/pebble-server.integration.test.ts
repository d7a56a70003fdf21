import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/pebble-server/test-support";

describe("Pebble server API", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.dispose());

  describe("envelope and routing", () => {
    it("answers system-info in a sync envelope with a JSON content type", async () => {
      const res = await t.client.raw("GET", "/v1/system-info");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("application/json");
      const body = JSON.parse(res.body.toString());
      expect(Object.keys(body)).toEqual(["type", "status-code", "status", "result"]);
      expect(body).toMatchObject({ type: "sync", "status-code": 200, status: "OK" });
      expect(body.result).toEqual({ "boot-id": t.server.bootId, version: expect.any(String) });
    });

    it("404s unknown endpoints and 405s wrong methods", async () => {
      expect(await t.client.get("/v1/nope")).toEqual({
        type: "error",
        "status-code": 404,
        status: "Not Found",
        result: { message: "invalid API endpoint requested" },
        httpStatus: 404,
      });
      const wrong = await t.client.json("PUT", "/v1/services", {});
      expect(wrong).toMatchObject({
        httpStatus: 405,
        status: "Method Not Allowed",
        result: { message: 'method "PUT" not allowed' },
      });
      expect((await t.client.post("/v1/system-info", {})).result).toEqual({
        message: 'method "POST" not allowed',
      });
    });

    it("reports undecodable bodies", async () => {
      const res = await t.client.raw("POST", "/v1/services", "", { "Content-Type": "application/json" });
      expect(JSON.parse(res.body.toString()).result).toEqual({
        message: "cannot decode data from request body: EOF",
      });
      const typed = await t.client.post("/v1/services", { action: 5 });
      expect(typed.result).toEqual({
        message:
          "cannot decode data from request body: json: cannot unmarshal number into Go struct field .action of type string",
      });
    });

    it("answers /v1/services/{name} with not implemented", async () => {
      expect((await t.client.get("/v1/services/x")).result).toEqual({ message: "not implemented" });
    });
  });

  describe("layers and plan", () => {
    it("validates the request", async () => {
      const add = (body: Record<string, unknown>) =>
        t.client.post("/v1/layers", { action: "add", label: "l", format: "yaml", layer: "", ...body });
      expect((await add({ action: "remove" })).result).toEqual({ message: 'invalid action "remove"' });
      expect((await add({ label: "" })).result).toEqual({ message: "label must be set" });
      expect((await add({ format: "json" })).result).toEqual({ message: 'invalid format "json"' });
      expect((await add({ layer: "bogus: 1\n" })).result).toEqual({
        message: 'cannot parse layer YAML: cannot parse layer "l": unknown section "bogus"',
      });
      expect((await add({ label: "pebble-x" })).result).toEqual({
        message: 'cannot parse layer YAML: cannot use reserved label prefix "pebble-"',
      });
      expect((await t.client.get("/v1/plan?format=json")).result).toEqual({
        message: 'invalid format "json"',
      });
    });

    it("adds, refuses a duplicate label, combines, and renders the plan", async () => {
      const base =
        "services:\n  api:\n    override: replace\n    command: sleep 30\n    environment: {A: '1'}\n";
      expect(await t.client.addLayer("api-base", base)).toMatchObject({ type: "sync", result: true });
      const again = await t.client.addLayer("api-base", base);
      expect(again).toMatchObject({
        httpStatus: 400,
        result: { message: 'layer "api-base" already exists' },
      });
      const missingOverride = await t.client.addLayer("api-x", "services:\n  api:\n    command: x\n");
      expect(missingOverride.result).toEqual({
        message: 'layer "api-x" must define "override" for service "api"',
      });
      const combine =
        "services:\n  api:\n    override: merge\n    environment: {B: '2'}\n    kill-delay: 60s\n";
      expect((await t.client.addLayer("api-base", combine, true)).result).toBe(true);
      expect(await t.client.plan()).toContain(
        '    api:\n        override: replace\n        command: sleep 30\n        environment:\n            A: "1"\n            B: "2"\n        kill-delay: 1m0s\n',
      );
      const noCommand = await t.client.addLayer("api-y", "services:\n  other:\n    override: merge\n");
      expect(noCommand.result).toEqual({ message: 'plan must define "command" for service "other"' });
      expect(await t.client.serviceStatus("api")).toBe("inactive"); // adding a layer starts nothing
    });
  });

  describe("service actions", () => {
    it("validates action and names", async () => {
      const act = (action: string, services: string[]) => t.client.post("/v1/services", { action, services });
      expect((await act("replan", ["x"])).result).toEqual({ message: "replan accepts no service names" });
      expect((await act("start", [])).result).toEqual({ message: "must specify services for start action" });
      expect((await act("start", ["ghost"])).result).toEqual({
        message: 'cannot start services: service "ghost" does not exist',
      });
      expect((await act("explode", ["api"])).result).toEqual({ message: 'invalid action "explode"' });
      expect(await act("autostart", [])).toMatchObject({
        httpStatus: 400,
        result: { message: "no default services", kind: "no-default-services" },
      });
    });

    it("returns 202 with only a change id, and lists services sorted", async () => {
      const res = await t.client.raw(
        "POST",
        "/v1/services",
        JSON.stringify({ action: "stop", services: ["api"] }),
        { "Content-Type": "application/json" },
      );
      expect(res.status).toBe(202);
      const body = JSON.parse(res.body.toString());
      expect(body).toEqual({
        type: "async",
        "status-code": 202,
        status: "Accepted",
        change: expect.any(String),
      });
      const change = await t.client.waitChange(body.change);
      expect(change.summary).toBe('Stop service "api"');
      expect(change.tasks?.[0]?.log?.[0]).toMatch(/INFO Service "api" has never been started\.$/);
      const listed = await t.client.get<{ name: string; startup: string; current: string }[]>("/v1/services");
      expect(listed.result).toEqual([{ name: "api", startup: "disabled", current: "inactive" }]);
    });
  });

  describe("changes", () => {
    it("404s unknown changes, filters lists, and times out waits with 504", async () => {
      expect(await t.client.get("/v1/changes/999")).toMatchObject({
        httpStatus: 404,
        result: { message: 'cannot find change with id "999"' },
      });
      expect((await t.client.get("/v1/changes?select=bogus")).result).toEqual({
        message: "select should be one of: all,in-progress,ready",
      });
      const all = await t.client.get<{ id: string }[]>("/v1/changes?select=all&for=api");
      expect(all.result?.length).toBeGreaterThan(0);
      const exec = await t.client.post<{ "task-id": string }>("/v1/exec", { command: ["sleep", "5"] });
      const wait = await t.client.get(`/v1/changes/${exec.change}/wait?timeout=50ms`);
      expect(wait).toMatchObject({
        httpStatus: 504,
        result: { message: "timed out waiting for change after 50ms" },
      });
      expect((await t.client.get(`/v1/changes/${exec.change}/wait?timeout=soon`)).result).toEqual({
        message: 'invalid timeout: time: invalid duration "soon"',
      });
      const aborted = await t.client.post(`/v1/changes/${exec.change}`, { action: "abort" });
      expect(aborted.type).toBe("sync");
      const done = await t.client.waitChange(exec.change as string);
      expect(done.ready).toBe(true);
      expect((await t.client.post(`/v1/changes/${exec.change}`, { action: "abort" })).result).toEqual({
        message: `cannot abort change ${exec.change} with nothing pending`,
      });
    });
  });

  describe("notices", () => {
    it("adds custom notices, validates them, and lists and long-polls", async () => {
      const seen: string[] = [];
      const off = t.server.onNotice((notice) => {
        if (notice.type === "custom") seen.push(notice.key);
      });
      const added = await t.client.post<{ id: string }>("/v1/notices", {
        action: "add",
        type: "custom",
        key: "example.com/ping",
        data: { n: "1" },
      });
      expect(added.result).toEqual({ id: expect.any(String) });
      expect(
        (await t.client.post("/v1/notices", { action: "add", type: "warning", key: "x" })).result,
      ).toEqual({
        message: 'invalid type "warning" (can only add "custom" notices)',
      });
      expect(
        (await t.client.post("/v1/notices", { action: "add", type: "custom", key: "nope" })).result,
      ).toEqual({
        message: 'invalid key "nope" (must be in "example.com/path" format)',
      });
      const listed = await t.client.get<Record<string, unknown>[]>(
        "/v1/notices?types=custom&keys=example.com/ping",
      );
      expect(listed.result).toEqual([
        {
          id: added.result?.id,
          "user-id": 0,
          type: "custom",
          key: "example.com/ping",
          "first-occurred": expect.any(String),
          "last-occurred": expect.any(String),
          "last-repeated": expect.any(String),
          occurrences: 1,
          "last-data": { n: "1" },
          "expire-after": "168h0m0s",
        },
      ]);
      expect((await t.client.get("/v1/notices?types=bogus")).result).toEqual([]);
      expect((await t.client.get(`/v1/notices/${added.result?.id}`)).result).toMatchObject({
        key: "example.com/ping",
      });
      expect((await t.client.get("/v1/notices/12345")).result).toEqual({
        message: 'cannot find notice with ID "12345"',
      });

      const after = new Date().toISOString();
      const poll = t.client.get<{ key: string }[]>(`/v1/notices?types=custom&after=${after}&timeout=5s`);
      setTimeout(() => t.server.notify("example.com/later"), 50);
      expect((await poll).result?.map((n) => n.key)).toEqual(["example.com/later"]);
      expect(seen).toEqual(["example.com/ping", "example.com/later"]);
      off();
    });

    it("records change-update notices for changes", async () => {
      const res = await t.client.get<{ key: string; "last-data": Record<string, string> }[]>(
        "/v1/notices?types=change-update",
      );
      expect(res.result?.length).toBeGreaterThan(0);
      expect(res.result?.[0]?.["last-data"]).toHaveProperty("kind");
    });
  });

  it("reports health from checks and validates the level", async () => {
    expect(await t.client.get("/v1/health")).toMatchObject({ httpStatus: 200, result: { healthy: true } });
    expect((await t.client.get("/v1/health?level=meh")).result).toEqual({
      message: 'level must be "alive" or "ready"',
    });
  });
});

it("removes its socket on close and frees stale sockets on start", async () => {
  const t = await startTestServer();
  const socket = t.server.socketPath;
  expect(existsSync(socket)).toBe(true);
  await t.server.close();
  expect(existsSync(socket)).toBe(false);
  await t.dispose();
});
