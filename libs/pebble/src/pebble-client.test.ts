import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { useWireFormatServer } from "../testing/use-wire-format-server";
import { jsonBody } from "../testing/wire-format-server";
import { layerFromWire } from "./layer";
import { layerToYaml, parsePlan } from "./layer-yaml";
import { containerSocketPath, PebbleClient } from "./pebble-client";
import {
  PebbleApiError,
  PebbleConnectionError,
  PebbleError,
  PebbleProtocolError,
  TimeoutError,
} from "./pebble-errors";

const t = useWireFormatServer();

describe("PebbleClient transport and envelope", () => {
  it("reads system-info from a sync envelope", async () => {
    expect(await t.client.systemInfo()).toEqual({
      version: "1.19.0",
      bootId: t.server.bootId,
      httpAddress: undefined,
      httpsAddress: undefined,
    });
    const [request] = t.server.requests;
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe("/v1/system-info");
    expect([...(request?.query.keys() ?? [])]).toEqual([]);
    expect(request?.body.length).toBe(0);
    expect(await t.client.canConnect()).toBe(true);
  });

  it("maps a missing socket to PebbleConnectionError (and canConnect to false)", async () => {
    const client = new PebbleClient(join(t.server.dir, "absent.socket"));
    const error = await client.systemInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleConnectionError);
    expect(error).toBeInstanceOf(PebbleError);
    expect((error as PebbleConnectionError).socketPath).toBe(join(t.server.dir, "absent.socket"));
    expect((error as Error).message).toMatch(
      /cannot connect to Pebble at .*absent\.socket \(GET \/v1\/system-info\): ENOENT/,
    );
    expect(await client.canConnect()).toBe(false);
    client.close();
  });

  it("maps a refused connection (a path with nobody listening) to PebbleConnectionError", async () => {
    // Connecting to a file that is not a listening socket is refused, like a stale socket.
    const path = join(t.server.dir, "stale.socket");
    await writeFile(path, "");
    const client = new PebbleClient(path);
    const error = await client.systemInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleConnectionError);
    expect((error as Error).message).toMatch(/ECONNREFUSED$/);
    client.close();
  });

  it("rejects a 200 answer that is not application/json with PebbleProtocolError", async () => {
    t.server.intercept((_r, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>not pebble</html>");
      return true;
    });
    const error = await t.client.systemInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleProtocolError);
    expect((error as Error).message).toBe('expected Content-Type "application/json", got "text/html"');
  });

  it("rejects invalid JSON and bodies that are not envelopes", async () => {
    let answer = "{not json";
    t.server.intercept((_r, res) => {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
      res.end(answer);
      return true;
    });
    await expect(t.client.systemInfo()).rejects.toThrow("response body is not valid JSON (9 bytes)");
    answer = JSON.stringify({ "status-code": 200, result: {} });
    await expect(t.client.systemInfo()).rejects.toThrow('response: missing field "type"');
    answer = JSON.stringify({ type: "sync", "status-code": 200, status: "OK", result: { "boot-id": "x" } });
    await expect(t.client.systemInfo()).rejects.toThrow('system-info: missing field "version"');
    answer = JSON.stringify({ type: "async", "status-code": 202, status: "Accepted", change: "1" });
    await expect(t.client.systemInfo()).rejects.toThrow("expected a sync response, got async");
  });

  it("turns an error envelope into PebbleApiError with code, status text, message, kind and value", async () => {
    t.server.intercept((_r, res) => {
      res.writeHead(403, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          type: "error",
          "status-code": 403,
          status: "Forbidden",
          result: { message: "access denied", kind: "login-required", value: { hint: 1 } },
        }),
      );
      return true;
    });
    const error = (await t.client.systemInfo().catch((e: unknown) => e)) as PebbleApiError;
    expect(error).toBeInstanceOf(PebbleApiError);
    expect([error.statusCode, error.statusText, error.message, error.kind, error.value]).toEqual([
      403,
      "Forbidden",
      "access denied",
      "login-required",
      { hint: 1 },
    ]);
    expect(await t.client.canConnect()).toBe(false);
  });

  it("reports a non-2xx answer without an envelope as PebbleApiError, not a protocol error", async () => {
    t.server.intercept((_r, res) => {
      res.writeHead(502, "Bad Gateway", { "Content-Type": "text/plain" });
      res.end("upstream gone");
      return true;
    });
    const error = (await t.client.systemInfo().catch((e: unknown) => e)) as PebbleApiError;
    expect(error).toBeInstanceOf(PebbleApiError);
    expect(error.statusCode).toBe(502);
    expect(error.statusText).toBe("Bad Gateway");
    expect(error.message).toBe("HTTP 502 Bad Gateway with a body that is not a Pebble error envelope");
    expect(error.kind).toBeUndefined();
  });

  it("reads an error envelope whatever its result holds", async () => {
    t.server.intercept((_r, res) => {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          type: "error",
          "status-code": 500,
          status: "Internal Server Error",
          result: { kind: 7 },
        }),
      );
      return true;
    });
    await expect(t.client.systemInfo()).rejects.toMatchObject({
      name: "PebbleApiError",
      statusCode: 500,
      statusText: "Internal Server Error",
      kind: undefined,
    });
  });

  it("times out an unanswered request with TimeoutError", async () => {
    const slow = new PebbleClient(t.server.socketPath, { timeoutMs: 100 });
    t.server.intercept(() => new Promise<boolean>(() => {}));
    const error = await slow.systemInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe("GET /v1/system-info: no response within 100 ms");
    expect(await slow.canConnect()).toBe(false);
    slow.close();
  });

  it("knows Juju's socket path for a container", () => {
    expect(containerSocketPath("radarr")).toBe("/charm/containers/radarr/pebble.socket");
  });
});

describe("layers and plan", () => {
  it("posts a layer object as JSON text (which is YAML) with Pebble's body fields", async () => {
    await t.client.addLayer("radarr", {
      summary: "radarr layer",
      services: {
        radarr: { override: "replace", command: "/app/Radarr", startup: "enabled", workingDir: "/app" },
      },
    });
    const [request] = t.server.requestsTo("/v1/layers");
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toBe("application/json");
    const body = jsonBody(request!);
    expect(Object.keys(body)).toEqual(["action", "combine", "label", "format", "layer"]);
    expect(body).toMatchObject({ action: "add", combine: false, label: "radarr", format: "yaml" });
    expect(body.layer).toBe(
      '{"summary":"radarr layer","services":{"radarr":{"override":"replace","command":"/app/Radarr","startup":"enabled","working-dir":"/app"}}}',
    );
    // The same layer to a YAML reader, as Pebble reads it.
    expect(parse(body.layer as string)).toEqual(
      parse(layerToYaml(layerFromWire(parse(body.layer as string)))),
    );
  });

  it("sends YAML text as given, with combine and inner", async () => {
    const yaml = "services:\n  a:\n    override: replace\n    command: sleep 1\n";
    await t.client.addLayer("base", yaml);
    await t.client.addLayer("base", "services:\n  a:\n    override: merge\n    startup: enabled\n", {
      combine: true,
    });
    await t.client.addLayer("dir/sub", yaml, { inner: true });
    const bodies = t.server.requestsTo("/v1/layers").map(jsonBody);
    expect(bodies[0]?.layer).toBe(yaml);
    expect(bodies[1]?.combine).toBe(true);
    expect(bodies[2]).toMatchObject({ label: "dir/sub", inner: true });
    expect("inner" in (bodies[0] ?? {})).toBe(false);
    expect(t.server.plan.labels()).toEqual(["base", "dir/sub"]);
  });

  it("reads the combined plan back, typed", async () => {
    await t.client.addLayer("one", {
      services: { app: { override: "replace", command: "/bin/app", environment: { A: "1" }, after: ["x"] } },
      checks: { up: { override: "replace", level: "alive", tcp: { port: 80 } } },
    });
    await t.client.addLayer("two", {
      services: { app: { override: "merge", environment: { B: "2" }, after: ["y"], userId: 1000 } },
    });
    const plan = parsePlan(await t.client.getPlanYaml());
    const [request] = t.server.requestsTo("/v1/plan");
    expect(request?.query.get("format")).toBe("yaml");
    expect(plan).toEqual({
      services: {
        app: {
          override: "merge",
          command: "/bin/app",
          environment: { A: "1", B: "2" },
          after: ["x", "y"],
          userId: 1000,
        },
      },
      checks: { up: { override: "replace", level: "alive", threshold: 3, tcp: { port: 80 } } },
      logTargets: {},
    });
  });

  it("surfaces layer errors as PebbleApiError (existing label, missing override)", async () => {
    const layer = { services: { a: { override: "replace" as const, command: "x" } } };
    await t.client.addLayer("l", layer);
    await expect(t.client.addLayer("l", layer)).rejects.toMatchObject({
      name: "PebbleApiError",
      statusCode: 400,
      statusText: "Bad Request",
      message: 'layer "l" already exists',
    });
    await expect(t.client.addLayer("m", "services:\n  b:\n    command: y\n")).rejects.toThrow(
      'layer "m" must define "override" for service "b"',
    );
  });

  it("keeps request bodies out of error messages", async () => {
    const secret = "s3cr3t-in-layer-env-0123456789";
    const error = (await t.client
      .addLayer("bad", { services: { a: { override: "merge", environment: { TOKEN: secret } } } })
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PebbleApiError);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(secret);
  });
});
