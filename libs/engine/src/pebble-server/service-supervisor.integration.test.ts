import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually, startTestServer, type TestServer } from "../../testing/pebble-server/test-support";

// These run on the host launcher: commands see host paths, the working directory is mapped into
// the root. The bubblewrap view is covered in container-sandbox.integration.test.ts.
describe("service supervision", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.dispose());

  const taskLogs = (change: { tasks?: { log?: string[] }[] }) =>
    (change.tasks ?? []).flatMap((task) => task.log ?? []).map((line) => line.replace(/^\S+ /, ""));

  it("replan starts enabled services and restarts only those whose config changed", async () => {
    await t.client.addLayer(
      "base",
      `services:
  alpha: {override: replace, command: sleep 30, startup: enabled}
  beta: {override: replace, command: sleep 30, startup: enabled}
  gamma: {override: replace, command: sleep 30}
`,
    );
    const first = await t.client.services("replan");
    expect(first).toMatchObject({
      kind: "replan",
      status: "Done",
      summary: 'Replan service "alpha" and 1 more',
    });
    const pids = t.server.servicePids();
    expect(Object.keys(pids).sort()).toEqual(["alpha", "beta"]);

    const unchanged = await t.client.services("replan");
    expect(unchanged.status).toBe("Done");
    expect(taskLogs(unchanged)).toEqual([
      'INFO Service "alpha" already started.',
      'INFO Service "beta" already started.',
    ]);
    expect(t.server.servicePids()).toEqual(pids);

    await t.client.addLayer(
      "base",
      "services:\n  beta: {override: merge, environment: {MODE: fast}}\n",
      true,
    );
    const changed = await t.client.services("replan");
    expect(changed.tasks?.map((task) => task.summary)).toEqual([
      'Stop service "beta"',
      'Start service "alpha"',
      'Start service "beta"',
    ]);
    const after = t.server.servicePids();
    expect(after.alpha).toBe(pids.alpha);
    expect(after.beta).not.toBe(pids.beta);

    const listed = await t.client.get<{ name: string; startup: string; current: string }[]>("/v1/services");
    expect(listed.result?.map(({ name, startup, current }) => [name, startup, current])).toEqual([
      ["alpha", "enabled", "active"],
      ["beta", "enabled", "active"],
      ["gamma", "disabled", "inactive"],
    ]);
  });

  it("replan with nothing enabled is done at once", async () => {
    await t.client.addLayer("base", "services:\n  idle: {override: replace, command: sleep 30}\n");
    const change = await t.client.services("replan");
    expect(change).toMatchObject({ summary: "Replan - no services", status: "Done", ready: true });
    expect(change.tasks).toBeUndefined();
  });

  it("autostart starts the enabled services in start order", async () => {
    await t.client.addLayer(
      "base",
      `services:
  db: {override: replace, command: sleep 30, startup: enabled}
  api: {override: replace, command: sleep 30, startup: enabled, after: [db]}
  tool: {override: replace, command: sleep 30}
`,
    );
    const change = await t.client.services("autostart");
    expect(change.summary).toBe('Autostart service "db" and 1 more');
    expect(change.tasks?.map((task) => task.summary)).toEqual(['Start service "db"', 'Start service "api"']);
    expect(Object.keys(t.server.servicePids()).sort()).toEqual(["api", "db"]);
  });

  it("start, stop and restart are idempotent", async () => {
    await t.client.addLayer("base", "services:\n  svc: {override: replace, command: sleep 30}\n");
    expect((await t.client.services("start", ["svc"])).status).toBe("Done");
    const pid = t.server.servicePids().svc;
    const again = await t.client.services("start", ["svc"]);
    expect(again.status).toBe("Done");
    expect(taskLogs(again)).toEqual(['INFO Service "svc" already started.']);
    expect(t.server.servicePids().svc).toBe(pid);

    const restarted = await t.client.services("restart", ["svc"]);
    expect(restarted.tasks?.map((task) => task.kind)).toEqual(["stop", "start"]);
    expect(t.server.servicePids().svc).not.toBe(pid);

    expect((await t.client.services("stop", ["svc"])).status).toBe("Done");
    expect(await t.client.serviceStatus("svc")).toBe("inactive");
    expect(t.server.servicePids()).toEqual({});
    expect(taskLogs(await t.client.services("stop", ["svc"]))).toEqual([
      'INFO Service "svc" already stopped.',
    ]);
    expect((await t.client.services("restart", ["svc"])).status).toBe("Done");
    expect(await t.client.serviceStatus("svc")).toBe("active");
  });

  it("fails the start change of a process that exits within the okay delay", async () => {
    await t.client.addLayer(
      "base",
      `services:
  crashy: {override: replace, command: "sh -c 'echo booting; echo broken >&2; exit 3'", backoff-delay: 10s}
  quitter: {override: replace, command: "sh -c 'exit 4'", on-failure: ignore}
`,
    );
    const change = await t.client.services("start", ["crashy"]);
    expect(change.status).toBe("Error");
    expect(change.err).toBe(
      'cannot perform the following tasks:\n- Start service "crashy" (service start attempt: exited quickly with code 3, will restart)',
    );
    expect(taskLogs(change)).toEqual([
      "INFO Most recent service output:\n    booting\n    broken",
      "ERROR service start attempt: exited quickly with code 3, will restart",
    ]);
    expect(await t.client.serviceStatus("crashy")).toBe("backoff");

    const ignored = await t.client.services("start", ["quitter"]);
    expect(ignored.err).toBe(
      'cannot perform the following tasks:\n- Start service "quitter" (service start attempt: exited quickly with code 4, will ignore)',
    );
    expect(await t.client.serviceStatus("quitter")).toBe("error");
  });

  it("reports commands that cannot start", async () => {
    await t.client.addLayer(
      "base",
      `services:
  missing: {override: replace, command: no-such-binary-here}
  nodir: {override: replace, command: sleep 1, working-dir: /nowhere}
`,
    );
    expect((await t.client.services("start", ["missing"])).err).toBe(
      'cannot perform the following tasks:\n- Start service "missing" (cannot start service: exec: "no-such-binary-here": executable file not found in $PATH)',
    );
    expect((await t.client.services("start", ["nodir"])).err).toBe(
      'cannot perform the following tasks:\n- Start service "nodir" (cannot start service: chdir /nowhere: no such file or directory)',
    );
  });

  it("restarts a service that fails after starting, with backoff", async () => {
    const counter = join(t.rootDir, "starts");
    await t.client.addLayer(
      "base",
      `services:
  flaky:
    override: replace
    command: "sh -c 'echo start >> ${counter}; sleep 0.5; exit 1'"
    backoff-delay: 50ms
    backoff-limit: 100ms
`,
    );
    expect((await t.client.services("start", ["flaky"])).status).toBe("Done");
    const firstPid = t.server.servicePids().flaky;
    await eventually(() => (readFileSync(counter, "utf8").split("\n").length > 3 ? true : undefined));
    const newPid = await eventually(() => {
      const pid = t.server.servicePids().flaky;
      return pid !== undefined && pid !== firstPid ? pid : undefined;
    });
    expect(newPid).not.toBe(firstPid);
    await t.client.services("stop", ["flaky"]);
    expect(await t.client.serviceStatus("flaky")).toBe("inactive");
  });

  it("restarts a killed service (fault injection) and honours on-success", async () => {
    await t.client.addLayer(
      "base",
      `services:
  victim: {override: replace, command: sleep 30, backoff-delay: 50ms}
  oneshot: {override: replace, command: "sh -c 'sleep 0.4'", on-success: ignore}
`,
    );
    await t.client.services("start", ["victim", "oneshot"]);
    const pid = t.server.servicePids().victim;
    expect(await t.server.killService("victim")).toBe(true);
    await eventually(() => {
      const next = t.server.servicePids().victim;
      return next !== undefined && next !== pid ? next : undefined;
    });
    await eventually(async () =>
      (await t.client.serviceStatus("oneshot")) === "inactive" ? true : undefined,
    );
    expect(await t.server.killService("oneshot")).toBe(false);
  });

  it("sends SIGKILL after kill-delay when SIGTERM is ignored", async () => {
    await t.client.addLayer(
      "base",
      `services:
  stubborn: {override: replace, command: "sh -c 'trap \\"\\" TERM; sleep 30'", kill-delay: 300ms}
`,
    );
    await t.client.services("start", ["stubborn"]);
    const started = Date.now();
    const change = await t.client.services("stop", ["stubborn"]);
    expect(change.status).toBe("Done");
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(await t.client.serviceStatus("stubborn")).toBe("inactive");
  });

  it("runs with the service environment, working directory and user, and keeps its output as logs", async () => {
    const work = join(t.rootDir, "work");
    mkdirSync(work);
    chmodSync(work, 0o777);
    await t.client.addLayer(
      "base",
      `services:
  env:
    override: replace
    command: "sh -c 'echo \\"$GREETING $(pwd) $(id -un) $HOME\\"; sleep 30'"
    environment: {GREETING: hello}
    working-dir: /work
    user: nobody
`,
    );
    await t.client.services("start", ["env"]);
    const logs = await eventually(async () => {
      const res = await t.client.raw("GET", "/v1/logs?services=env");
      const text = res.body.toString();
      return text.includes("hello") ? { text, type: res.headers["content-type"] } : undefined;
    });
    expect(logs.type).toBe("application/x-ndjson");
    const line = JSON.parse(logs.text.trim().split("\n")[0] as string);
    expect(line).toEqual({
      time: expect.any(String),
      service: "env",
      message: `hello ${work} nobody /nonexistent`,
    });
  });

  it("starts required services first and signals running ones", async () => {
    await t.client.addLayer(
      "base",
      `services:
  db: {override: replace, command: sleep 30}
  web: {override: replace, command: sleep 30, requires: [db], after: [db]}
`,
    );
    const change = await t.client.services("start", ["web"]);
    expect(change.summary).toBe('Start service "web" and 1 more');
    expect(change.tasks?.map((task) => task.summary)).toEqual(['Start service "db"', 'Start service "web"']);
    expect((await t.client.post("/v1/signals", { signal: "SIGHUP", services: ["web"] })).result).toBe(true);
    const notRunning = await t.client.post("/v1/signals", { signal: "SIGHUP", services: ["nope"] });
    expect(notRunning).toMatchObject({
      httpStatus: 500,
      result: { message: 'cannot send signal to "nope": service is not running' },
    });
    const stop = await t.client.services("stop", ["db"]);
    expect(stop.tasks?.map((task) => task.summary)).toEqual(['Stop service "web"', 'Stop service "db"']);
    const changes = await t.client.get<{ id: string }[]>("/v1/changes?select=all&for=web");
    expect(changes.result?.map((c) => c.id)).toContain(change.id);
  });
});

it("uses Pebble's one-second okay delay by default", async () => {
  const t = await startTestServer({ okayDelayMs: undefined });
  try {
    await t.client.addLayer(
      "base",
      "services:\n  late: {override: replace, command: \"sh -c 'sleep 0.6; exit 2'\"}\n",
    );
    const change = await t.client.services("start", ["late"]);
    expect(change.err).toContain("exited quickly with code 2, will restart");
  } finally {
    await t.dispose();
  }
});
