import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ControlAuth } from "./control-auth";
import type { ListenAddress } from "./listen-address";
import { listenOn } from "./listening-server";
import type { VpnTunnel } from "./vpn-tunnel";

// Gluetun's HTTP control server (internal/server, v3.41.1): JSON written without a Content-Type
// (Go sniffs text/plain; charset=utf-8), one object and a newline; errors plain text as http.Error.
// Auth runs first: a route no role lets through is 401 "Unauthorized".

export const GLUETUN_VERSION = {
  version: "v3.41.1",
  commit: "stand-in",
  created: "2026-01-01T00:00:00.000Z",
};

export interface ControlServerOptions {
  listen: ListenAddress;
  auth: ControlAuth;
  tunnel: VpnTunnel;
  vpnType: "openvpn" | "wireguard";
  /** The exit IP while the tunnel runs (the pod's address). */
  publicIp: () => string;
  /** HTTP_CONTROL_SERVER_LOG: one line per request (path only: the query may hold api_key). */
  logLine?: (line: string) => void;
}

export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

const TEXT = "text/plain; charset=utf-8";

/** Go's http.Error: text/plain, nosniff, the message and a newline. */
function httpError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "Content-Type": TEXT, "X-Content-Type-Options": "nosniff" });
  res.end(`${message}\n`);
}

/** Go's json.Encoder to a ResponseWriter without Content-Type: sniffed as text. */
function writeJson(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { "Content-Type": TEXT });
  res.end(`${JSON.stringify(value)}\n`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The `{"status": "..."}` of a PUT, or an error text. */
function statusOf(body: string): { status: string } | { error: string } {
  try {
    const value = JSON.parse(body) as unknown;
    if (value && typeof value === "object" && typeof (value as { status?: unknown }).status === "string")
      return { status: (value as { status: string }).status };
    return { error: "status is not valid" };
  } catch (error) {
    return { error: `cannot decode JSON: ${(error as Error).message}` };
  }
}

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const { tunnel } = options;

  const putStatus = async (req: IncomingMessage, res: ServerResponse) => {
    const parsed = statusOf(await readBody(req));
    if ("error" in parsed) return httpError(res, 400, parsed.error);
    if (parsed.status !== "running" && parsed.status !== "stopped")
      return httpError(res, 400, `invalid status: ${parsed.status}`);
    writeJson(res, { outcome: tunnel.set(parsed.status) });
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
    "GET /v1/version": (_req, res) => writeJson(res, GLUETUN_VERSION),
    "GET /v1/vpn/status": (_req, res) => writeJson(res, { status: tunnel.status }),
    "PUT /v1/vpn/status": putStatus,
    // The stand-in has one tunnel, whichever the type: switching OpenVPN switches it.
    "PUT /v1/openvpn/status": putStatus,
    "GET /v1/openvpn/status": (_req, res) =>
      writeJson(res, { status: options.vpnType === "openvpn" ? tunnel.status : "stopped" }),
    "GET /v1/publicip/ip": (_req, res) =>
      writeJson(res, { public_ip: tunnel.running ? options.publicIp() : "" }),
    "GET /v1/portforward": (_req, res) => writeJson(res, { port: 0 }),
    "GET /v1/openvpn/portforwarded": (_req, res) => writeJson(res, { port: 0 }),
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    const method = req.method ?? "GET";
    options.logLine?.(`INFO [http server] ${method} ${url.pathname} from ${req.socket.remoteAddress ?? "?"}`);
    const verdict = options.auth.check({
      method,
      path: url.pathname,
      headers: req.headers,
      queryApiKey: url.searchParams.get("api_key") ?? undefined,
    });
    if (!verdict.ok) {
      const headers: Record<string, string> = { "Content-Type": TEXT, "X-Content-Type-Options": "nosniff" };
      if (verdict.basicChallenge) headers["WWW-Authenticate"] = 'Basic realm="restricted", charset="UTF-8"';
      res.writeHead(401, headers);
      return void res.end("Unauthorized\n");
    }
    const handler = routes[`${method} ${url.pathname}`];
    if (handler) return void (await handler(req, res));
    if (url.pathname.startsWith("/v1/")) return httpError(res, 400, `${method} ${url.pathname} not found`);
    httpError(res, 404, "404 page not found");
  });

  return listenOn(server, options.listen);
}
