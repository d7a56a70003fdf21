import { createServer as createHttpServer, request, type Server } from "node:http";
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HttpProxy, PROXY_REALM, startHttpProxy } from "./http-proxy";
import { isPrivateAddress } from "./private-address";
import { VpnTunnel } from "./vpn-tunnel";

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request through the proxy (absolute URI). */
function viaProxy(proxyPort: number, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: proxyPort, path: url, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A CONNECT through the proxy: the answer, and the tunnelled socket when it was established. */
function connectVia(
  proxyPort: number,
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: proxyPort, method: "CONNECT", path: target, headers });
    req.on("connect", (res, socket) =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, socket }),
    );
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, socket: res.socket });
    });
    req.on("error", reject);
    req.end();
  });
}

const listening = async <T extends Server | TcpServer>(server: T): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
};

describe("Gluetun stand-in HTTP proxy", () => {
  let upstream: Server;
  let upstreamPort: number;
  let echo: TcpServer;
  let echoPort: number;
  let tunnel: VpnTunnel;
  let proxy: HttpProxy;
  let log: string[];

  beforeEach(async () => {
    upstream = createHttpServer((req, res) => {
      res.end(`upstream saw ${req.method} ${req.url} auth=${req.headers["proxy-authorization"] ?? "none"}`);
    });
    upstreamPort = await listening(upstream);
    echo = createTcpServer((socket) => socket.pipe(socket));
    echoPort = await listening(echo);
    tunnel = new VpnTunnel();
    log = [];
    proxy = await startHttpProxy({
      listen: { host: "127.0.0.1", port: 0 },
      user: "proxy-user",
      password: "proxy-pass",
      tunnel,
      log: true,
      logLine: (line) => log.push(line),
    });
  });
  afterEach(async () => {
    await proxy.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    await new Promise((resolve) => echo.close(resolve));
  });

  const auth = { "proxy-authorization": basic("proxy-user", "proxy-pass") };

  it("asks for credentials with 407 and refuses wrong ones with 401", async () => {
    const url = `http://127.0.0.1:${upstreamPort}/x`;
    const missing = await viaProxy(proxy.port, url);
    expect(missing.status).toBe(407);
    expect(missing.headers["proxy-authenticate"]).toBe(PROXY_REALM);
    const wrong = await viaProxy(proxy.port, url, { "proxy-authorization": basic("proxy-user", "nope") });
    expect(wrong.status).toBe(401);
    const connect = await connectVia(proxy.port, `127.0.0.1:${echoPort}`);
    expect(connect.status).toBe(407);
    expect(connect.headers["proxy-authenticate"]).toBe(PROXY_REALM);
    expect(
      (await connectVia(proxy.port, `127.0.0.1:${echoPort}`, { "proxy-authorization": basic("x", "y") }))
        .status,
    ).toBe(401);
    expect(log).toEqual([]);
  });

  it("forwards plain HTTP without the proxy credentials, and logs the connection without them", async () => {
    const answer = await viaProxy(proxy.port, `http://127.0.0.1:${upstreamPort}/path?q=1`, auth);
    expect(answer).toMatchObject({ status: 200, body: "upstream saw GET /path?q=1 auth=none" });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(
      new RegExp(`^INFO \\[http proxy\\] GET 127\\.0\\.0\\.1:${upstreamPort} from 127\\.0\\.0\\.1:\\d+$`),
    );
    expect(log.join("\n")).not.toContain("proxy-pass");
  });

  it("tunnels CONNECT both ways, and closes the tunnel when the VPN goes down", async () => {
    const { status, socket } = await connectVia(proxy.port, `127.0.0.1:${echoPort}`, auth);
    expect(status).toBe(200);
    const echoed = new Promise<string>((resolve) => socket.once("data", (data) => resolve(data.toString())));
    socket.write("ping through the tunnel");
    expect(await echoed).toBe("ping through the tunnel");
    expect(log[0]).toMatch(new RegExp(`^INFO \\[http proxy\\] CONNECT 127\\.0\\.0\\.1:${echoPort} from `));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    tunnel.set("stopped");
    await closed;
  });

  it("refuses to forward while the tunnel is down, and forwards again once it runs", async () => {
    expect(tunnel.set("stopped")).toBe("stopped");
    const url = `http://127.0.0.1:${upstreamPort}/`;
    const refused = await viaProxy(proxy.port, url, auth);
    expect(refused.status).toBe(502);
    expect(refused.body).toBe("VPN tunnel is not running\n");
    expect((await connectVia(proxy.port, `127.0.0.1:${echoPort}`, auth)).status).toBe(502);
    expect(log).toEqual([]);
    tunnel.set("running");
    expect((await viaProxy(proxy.port, url, auth)).status).toBe(200);
  });

  it("never forwards outside this machine's networks", async () => {
    const outside = await viaProxy(proxy.port, "http://1.1.1.1/", auth);
    expect(outside.status).toBe(502);
    expect(outside.body).toMatch(/1\.1\.1\.1 is outside this machine's networks/);
    expect((await connectVia(proxy.port, "8.8.8.8:443", auth)).status).toBe(502);
    expect(log).toEqual([]);
  });

  it("knows the private, loopback and link-local ranges", () => {
    for (const ip of [
      "10.244.3.7",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "127.0.0.1",
      "::1",
      "169.254.1.1",
      "::ffff:10.0.0.1",
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ["8.8.8.8", "172.32.0.1", "192.0.2.2", "2001:db8::1", "not-an-ip"])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });
});

describe("Gluetun stand-in HTTP proxy without a user", () => {
  it("needs no credentials", async () => {
    const upstream = createHttpServer((_req, res) => res.end("open"));
    const port = await listening(upstream);
    const proxy = await startHttpProxy({
      listen: { host: "127.0.0.1", port: 0 },
      tunnel: new VpnTunnel(),
      log: false,
      logLine: () => {
        throw new Error("HTTPPROXY_LOG is off");
      },
    });
    try {
      expect(await viaProxy(proxy.port, `http://127.0.0.1:${port}/`)).toMatchObject({
        status: 200,
        body: "open",
      });
    } finally {
      await proxy.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});

describe("Gluetun stand-in HTTP proxy, tunnel going down mid-response", () => {
  it("cuts a plain response that is still streaming", async () => {
    let release: (() => void) | undefined;
    const upstream = createHttpServer((_req, res) => {
      res.writeHead(200);
      res.write("first part;");
      release = () => res.end("never sent");
    });
    const port = await listening(upstream);
    const tunnel = new VpnTunnel();
    const proxy = await startHttpProxy({
      listen: { host: "127.0.0.1", port: 0 },
      tunnel,
      log: false,
      logLine: () => {},
    });
    try {
      const outcome = await new Promise<string>((resolve) => {
        const req = request(
          { host: "127.0.0.1", port: proxy.port, path: `http://127.0.0.1:${port}/slow` },
          (res) => {
            res.once("data", () => tunnel.set("stopped"));
            res.on("end", () => resolve("ended"));
            res.on("error", () => resolve("cut"));
            res.on("aborted", () => resolve("cut"));
          },
        );
        req.on("error", () => resolve("cut"));
        req.end();
      });
      expect(outcome).toBe("cut");
    } finally {
      release?.();
      await proxy.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
