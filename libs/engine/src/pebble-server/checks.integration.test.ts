import { writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually, startTestServer, type TestServer } from "../../testing/pebble-server/test-support";

interface CheckJson {
  name: string;
  level?: string;
  startup: string;
  status: string;
  successes: number;
  failures?: number;
  threshold: number;
  "change-id"?: string;
  "prev-change-id"?: string;
}

/** An HTTP endpoint whose answer the test flips between healthy and failing. */
async function startProbeTarget() {
  const state = { status: 200, headers: [] as IncomingHttpHeaders[] };
  const server: Server = createServer((req, res) => {
    state.headers.push(req.headers);
    res.writeHead(state.status);
    res.end(state.status === 200 ? "ok" : "line one\nline two\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { state, port, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("checks", () => {
  let t: TestServer;
  const events: string[] = [];
  beforeEach(async () => {
    t = await startTestServer();
    events.length = 0;
    t.server.onCheckFailed((name) => events.push(`failed:${name}`));
    t.server.onCheckRecovered((name) => events.push(`recovered:${name}`));
  });
  afterEach(() => t.dispose());

  const check = async (name: string) =>
    (await t.client.get<CheckJson[]>(`/v1/checks?names=${name}`)).result?.[0] as CheckJson;

  it("an HTTP check goes down at its threshold and recovers", async () => {
    const target = await startProbeTarget();
    try {
      await t.client.addLayer(
        "checks",
        `checks:
  web:
    override: replace
    level: ready
    period: 100ms
    timeout: 1s
    threshold: 2
    http:
      url: http://127.0.0.1:${target.port}/health
      headers: {X-Probe: pebble}
`,
      );
      const up = await eventually(async () => {
        const info = await check("web");
        return info.successes >= 1 ? info : undefined;
      });
      expect(up).toMatchObject({
        name: "web",
        level: "ready",
        startup: "enabled",
        status: "up",
        threshold: 2,
      });
      expect(target.state.headers[0]?.["x-probe"]).toBe("pebble");
      const performId = up["change-id"] as string;
      expect((await t.client.get(`/v1/changes/${performId}`)).result).toMatchObject({
        kind: "perform-check",
        summary: 'Perform HTTP check "web"',
        status: "Doing",
      });

      target.state.status = 500;
      const down = await eventually(async () => {
        const info = await check("web");
        return info.status === "down" ? info : undefined;
      });
      expect(down).toMatchObject({ failures: 2, "prev-change-id": performId });
      expect(events).toEqual(["failed:web"]);
      const failed = await t.client.waitChange(performId);
      expect(failed.status).toBe("Error");
      // Every ERROR line of the task counts, the one below the threshold included (as in Pebble).
      const failure = '- Perform HTTP check "web" (non-2xx status code 500; line one\nline two)';
      expect(failed.err).toBe(`cannot perform the following tasks:\n${failure}\n${failure}`);
      expect((await t.client.get(`/v1/changes/${down["change-id"]}`)).result).toMatchObject({
        kind: "recover-check",
        summary: 'Recover HTTP check "web"',
      });
      expect(await t.client.get("/v1/health?level=ready")).toMatchObject({
        httpStatus: 502,
        result: { healthy: false },
      });
      expect((await t.client.get("/v1/health?level=alive")).result).toEqual({ healthy: true });

      target.state.status = 200;
      const recovered = await eventually(async () => {
        const info = await check("web");
        return info.status === "up" ? info : undefined;
      });
      expect(recovered.failures).toBeUndefined();
      expect(events).toEqual(["failed:web", "recovered:web"]);
      const notices = await t.client.get<{ "last-data": Record<string, string> }[]>(
        "/v1/notices?types=change-update",
      );
      expect(notices.result?.map((n) => n["last-data"])).toContainEqual({
        kind: "recover-check",
        "check-name": "web",
      });
    } finally {
      await target.close();
    }
  });

  it("TCP and exec checks report Go-style errors", async () => {
    const flag = join(t.rootDir, "flag");
    await t.client.addLayer(
      "checks",
      `checks:
  port:
    override: replace
    period: 100ms
    threshold: 1
    tcp: {host: 127.0.0.1, port: 1}
  script:
    override: replace
    period: 100ms
    threshold: 5
    exec: {command: "sh -c 'echo checking; test -f ${flag}'"}
`,
    );
    const port = await eventually(async () => {
      const info = await check("port");
      return info.status === "down" ? info : undefined;
    });
    const failed = await t.client.waitChange(port["prev-change-id"] as string);
    expect(failed.err).toContain("dial tcp 127.0.0.1:1: connect: connection refused");

    const failing = await eventually(async () => {
      const info = await check("script");
      return (info.failures ?? 0) >= 1 ? info : undefined;
    });
    const change = (await t.client.get<{ tasks: { log: string[] }[] }>(`/v1/changes/${failing["change-id"]}`))
      .result;
    expect(change?.tasks[0]?.log[0]).toMatch(/ERROR exit status 1; checking$/);
    writeFileSync(flag, "");
    const healed = await eventually(async () => {
      const info = await check("script");
      return info.failures === undefined && info.successes > 0 ? info : undefined;
    });
    expect(healed.status).toBe("up");
    const log = (await t.client.get<{ tasks: { log: string[] }[] }>(`/v1/changes/${healed["change-id"]}`))
      .result;
    expect(log?.tasks[0]?.log.at(-1)).toMatch(/INFO succeeded after \d+ failures?$/);
  });

  it("starts and stops checks, and leaves startup: disabled ones inactive", async () => {
    await t.client.addLayer(
      "checks",
      `checks:
  on: {override: replace, period: 1h, exec: {command: "true"}}
  off: {override: replace, startup: disabled, period: 1h, exec: {command: "true"}}
`,
    );
    expect((await check("on")).status).toBe("up");
    expect(await check("off")).toEqual({
      name: "off",
      startup: "disabled",
      status: "inactive",
      successes: 0,
      threshold: 3,
    });
    const act = (action: string, checks: string[]) =>
      t.client.post<{ changed: string[] }>("/v1/checks", { action, checks });
    expect((await act("stop", ["on", "off"])).result).toEqual({ changed: ["on"] });
    expect((await check("on")).status).toBe("inactive");
    expect((await act("stop", ["on"])).result).toEqual({ changed: [] });
    expect((await act("start", ["off", "on"])).result).toEqual({ changed: ["off", "on"] });
    expect((await check("off")).status).toBe("up");
    expect((await act("start", ["nope", "ghost"])).result).toEqual({
      message: "cannot start checks: cannot find checks in plan: ghost, nope",
    });
    expect((await act("start", [])).result).toEqual({ message: "must specify checks for start action" });
    expect((await act("pause", ["on"])).result).toEqual({ message: 'invalid action "pause"' });
    const refreshed = await t.client.post<{ info: CheckJson }>("/v1/checks/refresh", { name: "on" });
    expect(refreshed.result?.info).toMatchObject({ name: "on", status: "up" });
    expect((await t.client.post("/v1/checks/refresh", { name: "ghost" })).result).toEqual({
      message: 'cannot find check with name "ghost"',
    });
  });

  it("restarts a service whose on-check-failure says so", async () => {
    const flag = join(t.rootDir, "healthy");
    writeFileSync(flag, "");
    await t.client.addLayer(
      "app",
      `services:
  app:
    override: replace
    command: sleep 30
    backoff-delay: 50ms
    on-check-failure: {alive: restart}
checks:
  alive:
    override: replace
    period: 100ms
    threshold: 1
    exec: {command: "test -f ${flag}"}
`,
    );
    await t.client.services("start", ["app"]);
    const pid = t.server.servicePids().app;
    await t.client.post("/v1/files", { action: "remove", paths: [{ path: "/healthy" }] });
    const restarted = await eventually(() => {
      const next = t.server.servicePids().app;
      return next !== undefined && next !== pid ? next : undefined;
    });
    expect(restarted).not.toBe(pid);
    expect(events).toContain("failed:alive");
  });
});
