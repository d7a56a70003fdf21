// Test helpers for the API server: raw websocket RPC (to see codes and closes jujulib hides)
// and HTTP with Basic auth.
import { request as httpRequest } from "node:http";
import WebSocket from "ws";

export interface RawReply {
  "request-id": number;
  response?: Record<string, unknown>;
  error?: string;
  "error-code"?: string;
}

/** A websocket speaking the envelope by hand, for what jujulib cannot show (codes, closes). */
export class RawRpc {
  readonly #pending = new Map<number, (reply: RawReply) => void>();
  #next = 1;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const reply = JSON.parse(data.toString()) as RawReply;
      this.#pending.get(reply["request-id"])?.(reply);
      this.#pending.delete(reply["request-id"]);
    });
    this.closed = new Promise((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawRpc> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      ws.once("open", () => resolve(new RawRpc(ws)));
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  call(type: string, version: number, request: string, params: unknown = {}, id?: string): Promise<RawReply> {
    const requestId = this.#next++;
    const frame = { "request-id": requestId, type, version, request, params, ...(id ? { id } : {}) };
    return new Promise((resolve) => {
      this.#pending.set(requestId, resolve);
      this.ws.send(JSON.stringify(frame));
    });
  }

  login(password: string, tag = "user-admin"): Promise<RawReply> {
    return this.call("Admin", 3, "Login", {
      "auth-tag": tag,
      credentials: password,
      nonce: "",
      macaroons: [],
      "user-data": "",
      "client-version": "3.6.0",
    });
  }

  close(): void {
    this.ws.close();
  }
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to the API server. */
export function http(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

export const basicAuth = (password: string, user = "user-admin"): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
