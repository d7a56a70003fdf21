import { connect, createServer, type Server, type Socket } from "node:net";

// A Kubernetes Service's ClusterIP, as a small TCP proxy in the engine: it listens on the
// ClusterIP (a host address on the pod bridge) only on the ports the application opened
// (`open-port`), and hands each connection to one of the app's pods, in turn. Any other port has
// no listener, so a connection to it is refused, as kube-proxy's rules leave it.

export interface ServiceProxy {
  readonly address: string;
  /** The TCP ports it forwards now. */
  ports(): number[];
  /** Listens on exactly these ports (opened ports of the app), forwarding each to the same port of a pod. */
  setPorts(ports: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

/** `targets(port)`: the pod IPs that may take a connection to `port`, best first. */
export function serviceProxy(address: string, targets: (port: number) => readonly string[]): ServiceProxy {
  const servers = new Map<number, Server>();
  const sockets = new Set<Socket>();
  let turn = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const forward = (client: Socket, port: number) => {
    track(client);
    client.pause();
    client.on("error", () => undefined); // the peer's end is closed with it below
    const pods = targets(port);
    const start = turn++;
    // The next pod in turn; one that refuses passes the connection on to the one after it.
    const attempt = (k: number) => {
      const pod = pods[(start + k) % Math.max(pods.length, 1)];
      if (k >= pods.length || pod === undefined) {
        client.resetAndDestroy();
        return;
      }
      const upstream = connect(port, pod);
      track(upstream);
      let connected = false;
      upstream.on("error", () => {
        if (connected) client.destroy();
        else attempt(k + 1);
      });
      upstream.once("connect", () => {
        connected = true;
        client.once("close", (failed) => failed && upstream.destroy());
        upstream.once("close", (failed) => failed && client.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  };

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const server = createServer((client) => forward(client, port));
      server.once("error", reject);
      server.listen({ host: address, port }, () => {
        server.removeListener("error", reject);
        servers.set(port, server);
        resolve();
      });
    });

  const stop = (port: number) =>
    new Promise<void>((resolve) => {
      const server = servers.get(port);
      servers.delete(port);
      if (!server) return resolve();
      server.close(() => resolve());
    });

  return {
    address,
    ports: () => [...servers.keys()].sort((a, b) => a - b),
    async setPorts(ports) {
      const wanted = new Set(ports);
      await Promise.all([...servers.keys()].filter((p) => !wanted.has(p)).map(stop));
      await Promise.all([...wanted].filter((p) => !servers.has(p)).map(listen));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([...servers.keys()].map(stop));
    },
  };
}
