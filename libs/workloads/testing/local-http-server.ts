import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A scripted HTTP server on 127.0.0.1 for the clients' unit tests: the handler gets each request
// with its whole body. Tests only: not exported from the package.

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** What a test keeps of a request to check what went on the wire. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export function seenRequest(req: IncomingMessage, body: string): SeenRequest {
  return { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
}

export interface LocalHttpServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Drops open (keep-alive) connections too. */
  close(): void;
}

export async function startLocalHttpServer(handle: RequestHandler): Promise<LocalHttpServer> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A local server that keeps each request (`seen`) and answers with `reply`, both a test's to set. */
export interface ScriptedHttpServer extends LocalHttpServer {
  seen: SeenRequest[];
  reply: RequestHandler;
}

/** A ScriptedHttpServer answering 200 with an empty body until a test sets `reply`. */
export async function startScriptedHttpServer(): Promise<ScriptedHttpServer> {
  const script: Pick<ScriptedHttpServer, "seen" | "reply"> = { seen: [], reply: (_req, res) => res.end() };
  const server = await startLocalHttpServer((req, res, body) => {
    script.seen.push(seenRequest(req, body));
    script.reply(req, res, body);
  });
  return Object.assign(script, server);
}
