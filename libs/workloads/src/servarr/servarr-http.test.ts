import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { freePort } from "../../testing/app-test-instance";
import { type ScriptedHttpServer, startScriptedHttpServer } from "../../testing/local-http-server";
import type { HttpTransport } from "../http/http-transport";
import { nodeHttpTransport } from "../http/node-http-transport";
import { MediaManagerClient } from "./media-manager-client";
import {
  ServarrAuthError,
  ServarrHttpError,
  ServarrResponseError,
  ServarrUnreachableError,
} from "./servarr-errors";
import { ServarrHttp } from "./servarr-http";

// The transport against a scripted local server: what goes on the wire, and how each kind of
// failure comes back.

const KEY = "0123456789abcdef0123456789abcdef";

let server: ScriptedHttpServer;
let base: string;

beforeAll(async () => {
  server = await startScriptedHttpServer();
  base = `${server.url}/radarr`;
});

afterAll(() => server.close());

beforeEach(() => {
  server.seen = [];
  server.reply = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}");
});

const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));

function http(options: Partial<ConstructorParameters<typeof ServarrHttp>[0]> = {}): ServarrHttp {
  return new ServarrHttp({ app: "radarr", url: base, apiKey: KEY, retryDelayMs: 1, ...options });
}

/** A port nothing listens on (a free one, released). */
const closedPort = freePort;

describe("ServarrHttp requests", () => {
  it("sends the key as X-Api-Key only, below the URL base and API root, JSON both ways", async () => {
    server.reply = (_req, res) => json(res, 201, { id: 3, name: "qbit" });
    const schema = z.object({ id: z.number(), name: z.string() });
    const answer = await http().request("POST", "downloadclient", {
      body: { name: "qbit" },
      query: { forceSave: true, skipped: undefined },
      schema,
    });
    expect(answer).toEqual({ id: 3, name: "qbit" });
    const [request] = server.seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/radarr/api/v3/downloadclient?forceSave=true");
    expect(request?.headers["x-api-key"]).toBe(KEY);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers.accept).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({ name: "qbit" });
    expect(request?.url).not.toContain(KEY);
  });

  it("uses /api/v1 for Prowlarr and sends nothing for anonymous calls", async () => {
    await http({ app: "prowlarr" }).request("GET", "applications");
    await http().request("GET", "ping", { outsideApi: true, anonymous: true });
    expect(server.seen.map((s) => s.url)).toEqual(["/radarr/api/v1/applications", "/radarr/ping"]);
    expect(server.seen[1]?.headers["x-api-key"]).toBeUndefined();
  });

  it("refuses a base URL with a query or credentials, which would leak into logs", () => {
    expect(() => http({ url: `${base}?apikey=x` })).toThrow(
      "the base URL must carry no query and no credentials",
    );
    expect(() => http({ url: "http://user:pw@localhost:7878" })).toThrow("no query and no credentials");
  });
});

describe("ServarrHttp failures", () => {
  it("maps 401 to ServarrAuthError without the key in the message", async () => {
    server.reply = (_req, res) => res.writeHead(401).end();
    const error = await http()
      .request("GET", "system/status")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServarrAuthError);
    expect(String(error)).toBe(
      "ServarrAuthError: radarr GET /radarr/api/v3/system/status: HTTP 401: the API key was refused",
    );
  });

  it("keeps a 400 validation array as failures, dropping echoed values and known secrets", async () => {
    server.reply = (_req, res) =>
      json(res, 400, [
        {
          propertyName: "Password",
          errorMessage: "Authentication failure for s3cret-password",
          attemptedValue: "s3cret-password",
          formattedMessagePlaceholderValues: { PropertyValue: "s3cret-password" },
          severity: "error",
          isWarning: false,
        },
      ]);
    const error = await http()
      .request("POST", "downloadclient", {
        body: { name: "qbit", fields: [{ name: "password", value: "s3cret-password" }] },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServarrHttpError);
    const httpError = error as ServarrHttpError;
    expect(httpError.status).toBe(400);
    expect(httpError.failures).toEqual([
      {
        propertyName: "Password",
        errorMessage: "Authentication failure for ***",
        severity: "error",
        isWarning: false,
      },
    ]);
    expect(JSON.stringify(httpError.body)).not.toContain("s3cret-password");
    expect(httpError.message).toBe(
      "radarr POST /radarr/api/v3/downloadclient: HTTP 400: Password: Authentication failure for ***",
    );
  });

  it("reports other errors with the app's message, the key scrubbed even if the app echoes it", async () => {
    server.reply = (_req, res) =>
      json(res, 500, { message: `Boom with ${KEY}`, description: "stack", apiKey: KEY });
    const error = (await http()
      .request("GET", "config/host")
      .catch((e: unknown) => e)) as ServarrHttpError;
    expect(error.status).toBe(500);
    expect(error.message).toBe("radarr GET /radarr/api/v3/config/host: HTTP 500: Boom with ***: stack");
    expect(JSON.stringify(error.body)).not.toContain(KEY);
  });

  it("does not follow a redirect (the key would follow it) and says what it means", async () => {
    server.reply = (_req, res) =>
      res.writeHead(307, { location: `/radarr/api/v3/system/status?apikey=${KEY}` }).end();
    const error = (await http()
      .request("GET", "system/status")
      .catch((e: unknown) => e)) as ServarrHttpError;
    expect(error).toBeInstanceOf(ServarrHttpError);
    expect(error.status).toBe(307);
    expect(error.message).toContain(
      "redirected to /radarr/api/v3/system/status: is the URL base in the client's URL?",
    );
    expect(error.message).not.toContain(KEY);
    expect(server.seen).toHaveLength(1);
  });

  it("says which part of a 2xx body does not match, without its values", async () => {
    server.reply = (_req, res) => json(res, 200, { appName: "Radarr", version: 6 });
    const error = await http()
      .request("GET", "system/status", { schema: z.object({ appName: z.string(), version: z.string() }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServarrResponseError);
    expect(String(error)).toContain("unexpected response: version: invalid_type");
  });

  it("times out a slow answer, and does not retry it", async () => {
    server.reply = () => {};
    const error = (await http({ timeoutMs: 100 })
      .request("GET", "system/status")
      .catch((e: unknown) => e)) as ServarrUnreachableError;
    expect(error).toBeInstanceOf(ServarrUnreachableError);
    expect(error.reason).toBe("timeout");
    expect(error.message).toBe("radarr GET /radarr/api/v3/system/status: no answer within the timeout");
    expect(server.seen).toHaveLength(1);
  });

  it("retries a GET that cannot connect, then gives up with the system error code", async () => {
    const port = await closedPort();
    const attempts: number[] = [];
    const counting: HttpTransport = (request) => {
      attempts.push(Date.now());
      return nodeHttpTransport(request);
    };
    const error = (await http({ url: `http://127.0.0.1:${port}`, retries: 2, transport: counting })
      .request("GET", "system/status")
      .catch((e: unknown) => e)) as ServarrUnreachableError;
    expect(error).toBeInstanceOf(ServarrUnreachableError);
    expect(error.reason).toBe("connection");
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toBe("radarr GET /api/v3/system/status: cannot connect (ECONNREFUSED)");
    expect(attempts).toHaveLength(3);
  });

  it("never retries a call that may change the app", async () => {
    const port = await closedPort();
    let calls = 0;
    const counting: HttpTransport = (request) => {
      calls++;
      return nodeHttpTransport(request);
    };
    const client = new MediaManagerClient({
      app: "radarr",
      url: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      transport: counting,
    });
    await expect(client.rootFolders.add("/movies")).rejects.toBeInstanceOf(ServarrUnreachableError);
    expect(calls).toBe(1);
  });
});
