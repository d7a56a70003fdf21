import { beforeEach, describe, expect, it } from "vitest";
import { useWireFormatServer } from "../testing/use-wire-format-server";
import { jsonBody } from "../testing/wire-format-server";
import { PebbleApiError, PebbleChangeError } from "./pebble-errors";

const t = useWireFormatServer();

beforeEach(async () => {
  await t.client.addLayer("base", {
    services: {
      web: { override: "replace", command: "/bin/web", startup: "enabled" },
      worker: { override: "replace", command: "/bin/worker", startup: "enabled" },
      tool: { override: "replace", command: "/bin/tool" },
    },
  });
});

/** Method, path and JSON body of every request after the layer was added. */
function serviceCalls() {
  return t.server.requests
    .filter((r) => r.path !== "/v1/layers")
    .map((r) => ({
      method: r.method,
      path: r.path,
      query: Object.fromEntries(r.query),
      body: r.body.length ? jsonBody(r) : undefined,
    }));
}

describe("service actions", () => {
  it("replan posts the action with no names, then long-polls the change", async () => {
    const change = await t.client.replan();
    expect(serviceCalls()).toEqual([
      { method: "POST", path: "/v1/services", query: {}, body: { action: "replan", services: [] } },
      { method: "GET", path: "/v1/changes/1/wait", query: { timeout: "30.000s" }, body: undefined },
    ]);
    expect(change).toMatchObject({
      id: "1",
      kind: "replan",
      summary: 'Replan service "web" and 1 more',
      status: "Done",
      ready: true,
      data: { "service-names": ["web", "worker"] },
    });
    expect(change.tasks.map((task) => [task.kind, task.summary, task.status])).toEqual([
      ["start", 'Start service "web"', "Done"],
      ["start", 'Start service "worker"', "Done"],
    ]);
    expect(change.spawnTime).toBeInstanceOf(Date);
    expect(await t.client.getServices()).toEqual([
      { name: "tool", startup: "disabled", current: "inactive", currentSince: undefined },
      { name: "web", startup: "enabled", current: "active", currentSince: undefined },
      { name: "worker", startup: "enabled", current: "active", currentSince: undefined },
    ]);
  });

  it("start, stop and restart name their services", async () => {
    await t.client.startServices(["tool"]);
    await t.client.restartServices(["tool", "web"]);
    await t.client.stopServices(["tool"]);
    const posts = serviceCalls().filter((c) => c.method === "POST");
    expect(posts.map((c) => c.body)).toEqual([
      { action: "start", services: ["tool"] },
      { action: "restart", services: ["tool", "web"] },
      { action: "stop", services: ["tool"] },
    ]);
    expect((await t.client.getServices(["tool", "web"])).map((s) => [s.name, s.current])).toEqual([
      ["tool", "inactive"],
      ["web", "active"],
    ]);
    expect(t.server.requests.at(-1)?.query.get("names")).toBe("tool,web");
  });

  it("autostart starts the enabled services", async () => {
    await t.client.autostart({ timeoutMs: 5_000 });
    expect(serviceCalls()[0]?.body).toEqual({ action: "autostart", services: [] });
    expect(serviceCalls()[1]?.query).toEqual({ timeout: "5.000s" });
    expect(t.server.services.running.has("web")).toBe(true);
  });

  it("throws PebbleChangeError with Pebble's text when a service fails to start", async () => {
    t.server.services.failToStart.add("worker");
    const error = (await t.client.replan().catch((e: unknown) => e)) as PebbleChangeError;
    expect(error).toBeInstanceOf(PebbleChangeError);
    expect(error.message).toBe(
      'cannot perform the following tasks:\n- Start service "worker" (service start attempt: exited quickly with code 1, will restart)',
    );
    expect(error.err).toBe(error.message);
    expect(error.change.status).toBe("Error");
    expect(error.change.tasks.find((task) => task.status === "Error")?.log[0]).toMatch(
      /^\d{4}-\d\d-\d\dT.* ERROR service start attempt/,
    );
  });

  it("reports Pebble's validation errors as PebbleApiError with their kinds", async () => {
    await t.client.addLayer("off", {
      services: {
        web: { override: "merge", startup: "disabled" },
        worker: { override: "merge", startup: "disabled" },
      },
    });
    await expect(t.client.autostart()).rejects.toMatchObject({
      statusCode: 400,
      kind: "no-default-services",
      message: "no default services",
    });
    const error = (await t.client.startServices(["nope"]).catch((e: unknown) => e)) as PebbleApiError;
    expect(error).toBeInstanceOf(PebbleApiError);
    expect(error.message).toBe('cannot start services: service "nope" does not exist');
    expect(error.kind).toBeUndefined();
  });

  it("refuses start, stop, restart and signals without names before asking Pebble", async () => {
    await expect(t.client.startServices([])).rejects.toThrow(TypeError);
    await expect(t.client.stopServices([])).rejects.toThrow(TypeError);
    await expect(t.client.restartServices([])).rejects.toThrow(TypeError);
    await expect(t.client.sendSignal("SIGHUP", [])).rejects.toThrow(TypeError);
    expect(serviceCalls()).toEqual([]);
  });

  it("waits for a change that takes a while", async () => {
    t.server.services.changeDelayMs = 150;
    const started = Date.now();
    const change = await t.client.startServices(["tool"]);
    expect(change.ready).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("signals", () => {
  it("posts the signal and service names", async () => {
    await t.client.replan();
    await t.client.sendSignal("SIGHUP", ["web", "worker"]);
    const [request] = t.server.requestsTo("/v1/signals");
    expect(request?.method).toBe("POST");
    expect(jsonBody(request!)).toEqual({ signal: "SIGHUP", services: ["web", "worker"] });
    expect(t.server.services.signals).toEqual([{ signal: "SIGHUP", services: ["web", "worker"] }]);
  });

  it("surfaces Pebble's refusal", async () => {
    await expect(t.client.sendSignal("SIGHUP", ["tool"])).rejects.toThrow(
      'cannot send signal to "tool": service is not running',
    );
  });
});
