import { createHash, timingSafeEqual } from "node:crypto";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { ListenAddress } from "./listen-address";
import { listenOn } from "./listening-server";
import { resolveDestination, splitHostPort } from "./proxy-destination";
import type { VpnTunnel } from "./vpn-tunnel";

// Gluetun's HTTP proxy (internal/httpproxy): plain HTTP forwarding of absolute-URI requests and
// CONNECT tunnels. Auth only when a user is set: no Proxy-Authorization → 407 with the challenge,
// wrong credentials → 401. While the tunnel is down nothing is forwarded (Gluetun's firewall would
// drop it) and open tunnels close. Each forwarded connection can be logged, never a credential.

export const PROXY_REALM = 'Basic realm="Access to Gluetun over HTTP"';

export interface HttpProxyOptions {
  listen: ListenAddress;
  user?: string;
  password?: string;
  tunnel: VpnTunnel;
  /** HTTPPROXY_LOG: one line per forwarded connection. */
  log: boolean;
  logLine: (line: string) => void;
}

export interface HttpProxy {
  readonly port: number;
  close(): Promise<void>;
}

const digest = (value: string) => createHash("sha256").update(value).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

type AuthResult = "ok" | "missing" | "wrong";

function authenticate(
  request: IncomingMessage,
  user: string | undefined,
  password: string | undefined,
): AuthResult {
  if (!user) return "ok";
  const header = request.headers["proxy-authorization"];
  if (!header) return "missing";
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match?.[1]) return "wrong";
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  // Gluetun splits on the first ":" (a password with ":" cannot match its own check).
  const [givenUser = "", givenPassword = "", ...extra] = decoded.split(":");
  const userOk = same(givenUser, user);
  const passwordOk = same(givenPassword, password ?? "");
  return userOk && passwordOk && extra.length === 0 ? "ok" : "wrong";
}

const clientOf = (socket: Socket) => {
  const address = socket.remoteAddress?.replace(/^::ffff:/, "") ?? "?";
  return `${address.includes(":") ? `[${address}]` : address}:${socket.remotePort}`;
};

function answerSocket(socket: Duplex, status: number, reason: string, headers: string[], body = ""): void {
  const lines = [`HTTP/1.1 ${status} ${reason}`, ...headers, "Content-Type: text/plain; charset=utf-8"];
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, "Connection: close", "", body);
  socket.end(lines.join("\r\n"));
}

export async function startHttpProxy(options: HttpProxyOptions): Promise<HttpProxy> {
  const open = new Set<Duplex>();
  const track = (stream: Duplex) => {
    if (open.has(stream)) return; // a keep-alive client socket comes back for each request
    open.add(stream);
    stream.once("close", () => open.delete(stream));
  };
  // Tunnel down: every forwarded connection closes, as the VPN interface going away would do.
  const onChange = () => {
    if (options.tunnel.running) return;
    for (const stream of open) stream.destroy();
  };
  options.tunnel.on("change", onChange);
  const logForward = (method: string, target: string, client: string) => {
    if (options.log) options.logLine(`INFO [http proxy] ${method} ${target} from ${client}`);
  };

  const refuseAuth = (result: AuthResult, res: ServerResponse) => {
    if (result === "missing") {
      res.writeHead(407, { "Proxy-Authenticate": PROXY_REALM, "Content-Type": "text/plain; charset=utf-8" });
      res.end("Proxy Authentication Required\n");
    } else {
      res.writeHead(401, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Unauthorized\n");
    }
  };
  const badGateway = (res: ServerResponse, reason: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(`${reason}\n`);
  };

  const server: Server = createServer(async (req, res) => {
    const auth = authenticate(req, options.user, options.password);
    if (auth !== "ok") return refuseAuth(auth, res);
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
      return void res.end("Bad Request: not an absolute URI\n");
    }
    if (url.protocol !== "http:") {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
      return void res.end(`Bad Request: unsupported scheme ${url.protocol}\n`);
    }
    if (!options.tunnel.running) return badGateway(res, "VPN tunnel is not running");
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const port = Number(url.port || 80);
    const destination = await resolveDestination(host, port);
    if (!destination.ok) return badGateway(res, destination.reason);
    logForward(req.method ?? "GET", `${url.hostname}:${port}`, clientOf(req.socket));
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const upstream = httpRequest(
      { host: destination.address, port, method: req.method, path: `${url.pathname}${url.search}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The client's connection too: a response cut by the tunnel going down must not hang.
    track(req.socket);
    upstream.on("socket", (socket) => track(socket));
    upstream.on("error", (error) => badGateway(res, error.message));
    req.pipe(upstream);
  });

  server.on("connect", async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    client.on("error", () => {});
    const auth = authenticate(req, options.user, options.password);
    if (auth === "missing")
      return answerSocket(client, 407, "Proxy Authentication Required", [
        `Proxy-Authenticate: ${PROXY_REALM}`,
      ]);
    if (auth === "wrong") return answerSocket(client, 401, "Unauthorized", [], "Unauthorized\n");
    const target = splitHostPort(req.url ?? "");
    if (!target) return answerSocket(client, 400, "Bad Request", [], "Bad Request: not host:port\n");
    if (!options.tunnel.running)
      return answerSocket(client, 502, "Bad Gateway", [], "VPN tunnel is not running\n");
    const destination = await resolveDestination(target.host, target.port);
    if (!destination.ok) return answerSocket(client, 502, "Bad Gateway", [], `${destination.reason}\n`);
    logForward("CONNECT", req.url ?? "", clientOf(req.socket));
    const upstream = connect({ host: destination.address, port: destination.port });
    track(upstream);
    track(client);
    let established = false;
    upstream.once("connect", () => {
      established = true;
      client.write("HTTP/1.1 200 Connection established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", (error) => {
      if (!established && client.writable) answerSocket(client, 502, "Bad Gateway", [], `${error.message}\n`);
      else client.destroy();
    });
    client.once("close", () => upstream.destroy());
  });

  return listenOn(server, options.listen, () => {
    options.tunnel.off("change", onChange);
    for (const stream of open) stream.destroy();
  });
}
