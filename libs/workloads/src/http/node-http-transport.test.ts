import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../testing/app-test-instance";
import { type ScriptedHttpServer, startScriptedHttpServer } from "../../testing/local-http-server";
import type { HttpExchangeRequest } from "./http-transport";
import { HttpTransportError } from "./network-error";
import { HttpResponseTooLargeError, MAX_RESPONSE_BYTES, nodeHttpTransport } from "./node-http-transport";

// The transport against a real local server: what goes on the wire, what comes back, and how
// each failure is classified.

let server: ScriptedHttpServer;

beforeAll(async () => {
  server = await startScriptedHttpServer();
});

afterAll(() => server.close());

beforeEach(() => {
  server.seen = [];
  server.reply = (_req, res) => res.end("ok");
});

/** `target`: a path on the local server, or a whole URL. */
const send = (target: string, request: Partial<Omit<HttpExchangeRequest, "url">> = {}) =>
  nodeHttpTransport({
    url: new URL(target, server.url),
    method: "GET",
    headers: {},
    body: undefined,
    timeoutMs: 5_000,
    ...request,
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("nodeHttpTransport", () => {
  it("returns the status, the headers and the body", async () => {
    server.reply = (_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.setHeader("X-Many", ["a", "b"]);
      res.setHeader("Set-Cookie", ["SID=1; Expires=Wed, 09 Jun 2027 10:18:14 GMT", "other=2"]);
      res.writeHead(201).end('{"id":3}');
    };
    const response = await send("/api?x=1");
    expect(response.status).toBe(201);
    expect(response.text).toBe('{"id":3}');
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("CONTENT-TYPE")).toBe("application/json");
    expect(response.headers.get("x-many")).toBe("a, b");
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([
      "SID=1; Expires=Wed, 09 Jun 2027 10:18:14 GMT",
      "other=2",
    ]);
  });

  it("sends the method, path, query, headers and body as given", async () => {
    const body = "name=Überraschung&key=映画";
    await send("/radarr/api/v3/thing?a=1&b=two", {
      method: "POST",
      headers: { "X-Api-Key": "k3y", "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request).toMatchObject({ method: "POST", url: "/radarr/api/v3/thing?a=1&b=two", body });
    expect(request?.headers).toMatchObject({
      "x-api-key": "k3y",
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      host: new URL(server.url).host,
    });
  });

  it("returns a redirect as it is, without following it", async () => {
    server.reply = (_req, res) => res.writeHead(302, { Location: "/elsewhere" }).end();
    const response = await send("/x");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/elsewhere");
    expect(server.seen.map((r) => r.url)).toEqual(["/x"]);
  });

  it("decodes a UTF-8 body split inside a character, without its BOM", async () => {
    const text = "Überraschung — 映画 🎬";
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    server.reply = (_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
      res.write(bytes.subarray(0, 5)); // the BOM, then half of "Ü"
      setTimeout(() => res.end(bytes.subarray(5)), 20);
    };
    expect((await send("/")).text).toBe(text);
  });

  it("fails with reason connection and ECONNREFUSED when nothing listens", async () => {
    const port = await freePort();
    const error = await failure(send(`http://127.0.0.1:${port}/`));
    expect(error).toBeInstanceOf(HttpTransportError);
    expect(error).toMatchObject({ reason: "connection", code: "ECONNREFUSED" });
  });

  it("fails with reason connection when the app drops the connection mid-answer", async () => {
    server.reply = (_req, res) => {
      res.writeHead(200, { "Content-Length": "100" });
      res.write("partial", () => res.socket?.destroy());
    };
    expect(await failure(send("/"))).toMatchObject({ reason: "connection", code: "ECONNRESET" });
  });

  it("fails with reason timeout when no answer comes within the timeout", async () => {
    server.reply = () => {};
    const started = Date.now();
    const error = await failure(send("/", { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(HttpTransportError);
    expect(error).toMatchObject({ reason: "timeout", code: undefined });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out an answer whose body stalls: the timeout covers the whole exchange", async () => {
    server.reply = (_req, res) => {
      res.writeHead(200, { "Content-Length": "100" });
      res.write("partial");
    };
    expect(await failure(send("/", { timeoutMs: 200 }))).toMatchObject({ reason: "timeout" });
  });

  it("refuses a body over the cap, announced or streamed", async () => {
    server.reply = (_req, res) => {
      res.writeHead(200, { "Content-Length": String(MAX_RESPONSE_BYTES + 1) });
      res.write("x");
    };
    const announced = await failure(send("/big?token=secret"));
    expect(announced).toBeInstanceOf(HttpResponseTooLargeError);
    expect((announced as Error).message).toBe(`GET ${server.url}/big: the answer is over 32 MiB`);

    const chunk = Buffer.alloc(1024 * 1024, "x");
    server.reply = (_req, res) => {
      res.on("error", () => {}); // the client hangs up mid-stream
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", more);
      };
      more();
    };
    expect(await failure(send("/stream"))).toBeInstanceOf(HttpResponseTooLargeError);
  });

  it("speaks TLS (node:https) to an https URL", async () => {
    let first: Buffer | undefined;
    const tcp = createServer((socket: Socket) =>
      socket.once("data", (data: Buffer) => {
        first = data;
        socket.destroy();
      }),
    );
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const { port } = tcp.address() as { port: number };
    try {
      expect(await failure(send(`https://127.0.0.1:${port}/`))).toMatchObject({ reason: "connection" });
      // A TLS handshake record (0x16), version 3.x: a ClientHello, not a plain HTTP request.
      expect([first?.[0], first?.[1]]).toEqual([0x16, 0x03]);
    } finally {
      tcp.close();
    }
  });
});
