// A small fake Juju API server on `ws` for the CLI's connection tests: Admin.Login with a password,
// the facades the CLI asks for, and handlers per "Facade.Method" that may answer, fail, stay silent
// or drop the connection.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type WebSocket, WebSocketServer } from "ws";

export type Handler = (
  params: unknown,
  socket: WebSocket,
  request: Record<string, unknown>,
) => unknown | Promise<unknown> | typeof SILENT | typeof DROP;

/** Return from a handler to never answer. */
export const SILENT = Symbol("silent");
/** Return from a handler to close the socket instead of answering. */
export const DROP = Symbol("drop");

export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly code = "",
  ) {
    super(message);
  }
}

export interface FakeJuju {
  port: number;
  url: (path?: string) => string;
  calls: { type: string; request: string; version: number; params: unknown }[];
  handlers: Map<string, Handler>;
  close: () => Promise<void>;
}

export const FACADE_LIST = [
  { name: "Action", versions: [7] },
  { name: "AllWatcher", versions: [3] },
  { name: "Application", versions: [19, 20, 21, 22] },
  { name: "Client", versions: [7, 8] },
  { name: "Pinger", versions: [1] },
  { name: "Resources", versions: [3] },
  { name: "Secrets", versions: [1, 2] },
  { name: "ModelManager", versions: [9, 10] },
];

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export async function startFakeJuju(options: {
  password: string;
  silentLogin?: boolean;
  /** Answers HTTP requests (uploads); 404 without it. */
  http?: (call: HttpCall) => { status: number; body: unknown };
  /** Serve wss/https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}): Promise<FakeJuju & { http: HttpCall[] }> {
  const http: HttpCall[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const call = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      http.push(call);
      const auth = `Basic ${Buffer.from(`user-admin:${options.password}`).toString("base64")}`;
      if (req.headers.authorization !== auth) {
        res
          .writeHead(401, { "Content-Type": "application/json" })
          .end(JSON.stringify({ error: "unauthorized" }));
        return;
      }
      const reply = options.http?.(call) ?? { status: 404, body: { error: "not found" } };
      res.writeHead(reply.status, { "Content-Type": "application/json" }).end(JSON.stringify(reply.body));
    });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, onRequest) : createServer(onRequest);
  const wss = new WebSocketServer({ server });
  const handlers = new Map<string, Handler>();
  const calls: FakeJuju["calls"] = [];
  wss.on("connection", (socket) => {
    socket.on("message", async (data) => {
      const req = JSON.parse(String(data)) as Record<string, unknown>;
      const id = req["request-id"];
      const key = `${req.type}.${req.request}`;
      calls.push({
        type: String(req.type),
        request: String(req.request),
        version: Number(req.version),
        params: req.params,
      });
      const reply = (body: Record<string, unknown>) =>
        socket.send(JSON.stringify({ "request-id": id, ...body }));
      if (key === "Admin.Login") {
        if (options.silentLogin) return;
        const params = req.params as { credentials?: string; "auth-tag"?: string };
        if (params.credentials !== options.password || params["auth-tag"] !== "user-admin") {
          reply({
            error: "invalid entity name or password",
            "error-code": "unauthorized access",
            response: {},
          });
          return;
        }
        reply({
          response: {
            "controller-tag": "controller-c0ffee00-0000-4000-8000-000000000001",
            "model-tag": "model-8f1c3a52-5d0e-4b8e-9c4e-2f6d1a7b9e01",
            "server-version": "3.6.14",
            "user-info": { identity: "user-admin", "display-name": "admin" },
            servers: [],
            facades: FACADE_LIST,
          },
        });
        return;
      }
      const handler = handlers.get(key);
      if (!handler) {
        reply({
          error: `no such request - method ${key} is not implemented`,
          "error-code": "not implemented",
        });
        return;
      }
      try {
        const result = await handler(req.params, socket, req);
        if (result === SILENT) return;
        if (result === DROP) {
          socket.terminate();
          return;
        }
        reply({ response: result ?? {} });
      } catch (err) {
        const e = err as ApiFailure;
        reply({ error: e.message, "error-code": e.code ?? "", response: {} });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  handlers.set("Pinger.Ping", () => ({}));
  return {
    http,
    port,
    url: (path = "/model/8f1c3a52-5d0e-4b8e-9c4e-2f6d1a7b9e01/api") =>
      `${options.tls ? "wss" : "ws"}://127.0.0.1:${port}${path}`,
    calls,
    handlers,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A CA and a server certificate for "juju-apiserver" signed by it (openssl), as PEM strings. */
export function makeJujuCertificates(dir: string): { caCert: string; key: string; cert: string } {
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  run([
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=juju-ca",
  ]);
  run([
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=juju-apiserver",
  ]);
  writeFileSync(join(dir, "san.ext"), "subjectAltName=DNS:juju-apiserver\n");
  run([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "san.ext",
  ]);
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return { caCert: read("ca.pem"), key: read("server.key"), cert: read("server.pem") };
}
