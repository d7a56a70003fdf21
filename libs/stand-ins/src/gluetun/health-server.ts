import { createServer, type Server } from "node:http";
import type { ListenAddress } from "./listen-address";
import { listenOn } from "./listening-server";
import type { VpnTunnel } from "./vpn-tunnel";

// Gluetun's health server (internal/healthcheck/handler.go): GET / → 200 while the tunnel is up,
// 500 with the error text otherwise. `/gluetun-entrypoint healthcheck` and Pebble checks poll it.

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(listen: ListenAddress, tunnel: VpnTunnel): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://health").pathname !== "/") {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      return void res.end("404 page not found\n");
    }
    if (tunnel.running) {
      res.writeHead(200);
      return void res.end();
    }
    res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(`VPN is ${tunnel.status}\n`);
  });
  return listenOn(server, listen);
}
