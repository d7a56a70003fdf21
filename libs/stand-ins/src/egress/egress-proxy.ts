import { createServer, type IncomingMessage } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

// An HTTP proxy as a model's juju-https-proxy would name one (Squid, say), for tests: CONNECT
// tunnels to the destinations it knows, each routed to a local stand-in (plex.tv:443 → the
// plex.tv stand-in), 403 for the rest: nothing leaves the machine. What it saw is kept, so a
// test can prove the charm went through it.

export interface EgressRoute {
  host: string;
  port: number;
}

export interface EgressProxyOptions {
  /** `host:port` as the client asks for it → where the stand-in listens. */
  routes: Readonly<Record<string, EgressRoute>>;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  port?: number;
}

export interface EgressProxy {
  readonly port: number;
  /** Every CONNECT target asked for, in order (refused ones too). */
  connects(): readonly string[];
  /** Refuse (503) every tunnel from now on, as a proxy that cannot reach the Internet. */
  setOffline(offline: boolean): void;
  close(): Promise<void>;
}

export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const seen: string[] = [];
  let offline = false;
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    // Only tunnels: plain-HTTP forwarding is not what a charm calling HTTPS needs.
    res.writeHead(405, { "content-type": "text/plain" }).end("CONNECT only\n");
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = (req.url ?? "").toLowerCase();
    seen.push(target);
    sockets.add(client);
    client.once("close", () => sockets.delete(client));
    const route = options.routes[target];
    if (!route || offline) {
      client.end(`HTTP/1.1 ${offline ? "503 Service Unavailable" : "403 Forbidden"}\r\n\r\n`);
      return;
    }
    const upstream = connect(route.port, route.host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once("close", () => sockets.delete(upstream));
    upstream.once("error", () => client.destroy());
    client.once("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    connects: () => seen,
    setOffline(value) {
      offline = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
