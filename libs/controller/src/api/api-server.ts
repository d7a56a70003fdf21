import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { ModelHost } from "../model-host";
import { ApiContext } from "./api-context";
import { ConnectionState } from "./connection-state";
import type { Endpoint } from "./facade";
import { API_FACADES } from "./facades";
import { handleHttpRequest } from "./http/http-routes";
import { refusedRequest } from "./request-guard";
import { Dispatcher, parseRequest, type RpcReply } from "./rpc-dispatch";

/** The websocket's largest frame: bigger ones close the connection (1009). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface ApiServerOptions {
  host: ModelHost;
  password: string;
  modelName: string;
  /** Default 127.0.0.1. */
  listenHost?: string;
  /** Default 0: a free port. */
  port?: number;
  log?: (line: string) => void;
}

export interface ApiServer {
  port: number;
  /** ws://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/**
 * The Juju API over the embedded model: JSON-RPC on `/api` (controller facades) and
 * `/model/<uuid>/api` (model facades), and the charm and resource uploads over HTTP.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log = options.log ?? (() => undefined);
  const ctx = new ApiContext(options.host, options.modelName, log, options.password);
  const dispatcher = new Dispatcher(API_FACADES);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const server = createServer((request, response) => {
    const refused = refusedRequest(request, ctx.port);
    if (refused) {
      response.writeHead(403, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: refused, "error-code": "forbidden" }));
      return;
    }
    handleHttpRequest(ctx, request, response).catch((err: unknown) => {
      log(`http ${request.method} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "internal error", "error-code": "" }));
    });
  });

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = refusedRequest(request, ctx.port);
    if (refused) return rejectUpgrade(socket, 403, "Forbidden");
    const endpoint = endpointFor(request.url ?? "", ctx.modelUuid);
    if (!endpoint) return rejectUpgrade(socket, 404, "Not Found");
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      serveConnection(ws, new ConnectionState(endpoint, request.socket.remoteAddress ?? ""));
    });
  });

  function serveConnection(ws: WebSocket, conn: ConnectionState): void {
    ws.on("close", () => {
      sockets.delete(ws);
      conn.close();
    });
    ws.on("error", (err) => log(`api connection error: ${err.message}`));
    ws.on("message", (data, isBinary) => {
      let frame: unknown;
      try {
        frame = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString());
      } catch {
        log("api connection sent malformed JSON: closing it");
        ws.close(1007, "malformed JSON");
        return;
      }
      const request = parseRequest(frame);
      if ("bad" in request) {
        if (request.requestId === undefined) {
          log(`api connection sent an invalid request (${request.bad}): closing it`);
          ws.close(1007, "invalid request");
        } else
          send(ws, {
            "request-id": request.requestId,
            error: `invalid request: ${request.bad}`,
            "error-code": "bad request",
            response: {},
          });
        return;
      }
      void dispatcher.call(ctx, conn, request).then((reply) => {
        send(ws, reply);
        if (conn.closeAfterReply) ws.close(1008, "unauthorized");
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.listenHost ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the API server has no TCP address");
  ctx.port = address.port;
  ctx.dispatcher = dispatcher;
  log(`juju api listening on 127.0.0.1:${ctx.port}`);

  return {
    port: ctx.port,
    url: `ws://127.0.0.1:${ctx.port}`,
    async close() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      wss.close();
      ctx.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(ws: WebSocket, reply: RpcReply): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
}

/** `/api` or `/model/<uuid>/api` of this model; anything else is not an endpoint. */
function endpointFor(url: string, modelUuid: string): Endpoint | undefined {
  const path = url.split("?")[0];
  if (path === "/api") return "controller";
  if (path === `/model/${modelUuid}/api`) return "model";
  return undefined;
}

function rejectUpgrade(socket: Duplex, code: number, text: string): void {
  socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
