import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BUILTIN_IMAGES,
  createPodNetwork,
  ImageCatalog,
  type PodNetwork,
  startWorkloadPod,
} from "@charmarr/engine";
import { PebbleClient } from "@charmarr/pebble";
import { startTorrentSeeder } from "@charmarr/workloads/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerGluetunStandIn } from "../register";

// The Gluetun stand-in in a pod of its own on a pod network, as the whole-path test will have it:
// another pod's traffic through its proxy reaches the host's bridge address from the Gluetun
// pod's IP, which is also what /v1/publicip/ip reports, and the tracker front of the torrent
// seeder records that IP. Taking the tunnel down stops the forwarding.

const dirs: string[] = [];
let net: PodNetwork;
let server: Server;
let serverPort: number;
const sources: string[] = [];
let gluetunAddress: string;
let clientNetns: string;
let pebble: PebbleClient;
let socketPath: string;
let closePod: () => Promise<void>;

const PROXY_USER = "proxy-user";
const PROXY_PASSWORD = randomBytes(9).toString("base64url");

// A client in another pod: Node run in the client pod's network namespace (no curl needed).
// It prints the HTTP status it got: a plain request through the proxy, a CONNECT tunnel then a
// GET inside it, or a direct request.
const CLIENT_SCRIPT = `
const http = require("node:http");
const [mode, target, proxy, auth] = process.argv.slice(1);
const url = new URL(target);
const headers = auth ? { "proxy-authorization": "Basic " + Buffer.from(auth).toString("base64") } : {};
const done = (code) => { console.log(String(code)); process.exit(0); };
setTimeout(() => done("timeout"), 10000);
if (mode === "direct") {
  http.get(target, (res) => { res.resume(); done(res.statusCode); }).on("error", () => done("000"));
} else {
  const p = new URL(proxy);
  if (mode === "plain") {
    http.get({ host: p.hostname, port: p.port, path: target, headers }, (res) => { res.resume(); done(res.statusCode); })
      .on("error", () => done("000"));
  } else {
    const req = http.request({ host: p.hostname, port: p.port, method: "CONNECT", path: url.host, headers });
    req.on("connect", (res, socket) => {
      if (res.statusCode !== 200) return done(res.statusCode);
      http.get({ createConnection: () => socket, path: url.pathname + url.search, headers: { host: url.host } }, (r) => {
        r.resume(); done(r.statusCode);
      }).on("error", () => done("000"));
    });
    req.on("response", (res) => done(res.statusCode));
    req.on("error", () => done("000"));
    req.end();
  }
}
`;

type ClientMode = "plain" | "connect" | "direct";

/** A request from the client pod: the status code it got ("000" when the connection failed). */
function fromClient(mode: ClientMode, target: string): Promise<string> {
  const args = [`--net=${clientNetns}`, process.execPath, "-e", CLIENT_SCRIPT, mode, target];
  if (mode !== "direct") args.push(`http://${gluetunAddress}:8888`, `${PROXY_USER}:${PROXY_PASSWORD}`);
  return new Promise((resolve) => {
    execFile("nsenter", args, (_error, stdout) => resolve(stdout.trim()));
  });
}

function pebbleLogs(service: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/v1/logs?services=${service}&n=-1` }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () =>
        resolve(
          body
            .split("\n")
            .filter((line) => line.trim() !== "")
            .map((line) => (JSON.parse(line) as { message: string }).message)
            .join(""),
        ),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  net = await createPodNetwork();
  const gluetunNs = await net.addPod("gluetun/0");
  const clientNs = await net.addPod("client/0");
  gluetunAddress = gluetunNs.address;
  clientNetns = clientNs.path;
  // A server of the host's on the bridge gateway, as the seeder and tracker of a test are.
  server = createServer((req, res) => {
    sources.push((req.socket.remoteAddress ?? "").replace(/^::ffff:/, ""));
    res.end("host\n");
  });
  await new Promise<void>((resolve) => server.listen(0, net.gateway, resolve));
  const address = server.address();
  serverPort = typeof address === "object" && address ? address.port : 0;

  const catalog = new ImageCatalog(BUILTIN_IMAGES);
  registerGluetunStandIn(catalog);
  const stateDir = mkdtempSync(join(tmpdir(), "gluetun-net-pod-"));
  dirs.push(stateDir);
  const pod = await startWorkloadPod({
    unit: "gluetun/0",
    stateDir,
    catalog,
    okayDelayMs: 200,
    metadata: {
      containers: { gluetun: { resource: "gluetun-image", mounts: [] } },
      resources: { "gluetun-image": { type: "oci-image", upstreamSource: "ghcr.io/qdm12/gluetun:v3.41.1" } },
      storage: {},
    },
    extraMounts: {
      gluetun: [{ containerPath: "/dev/net/tun", hostPath: "/dev/net/tun", readOnly: false, device: true }],
    },
    extraCapabilities: { gluetun: ["NET_ADMIN"] },
    network: { namespacePath: gluetunNs.path, address: gluetunNs.address, writeEtc: () => {} },
  });
  closePod = () => pod.close();
  socketPath = pod.container("gluetun").socketPath;
  pebble = new PebbleClient(socketPath);
  await pebble.push("/run/secrets/wireguard_private_key", randomBytes(32).toString("base64"), {
    makeDirs: true,
  });
  await pebble.push("/run/secrets/httpproxy_password", `${PROXY_PASSWORD}\n`);
  await pebble.addLayer(
    "gluetun",
    `services:
  gluetun:
    override: replace
    command: /gluetun-entrypoint
    startup: enabled
    environment:
      VPN_SERVICE_PROVIDER: mullvad
      VPN_TYPE: wireguard
      WIREGUARD_ADDRESSES: 10.64.0.2/32
      HTTPPROXY: "on"
      HTTPPROXY_USER: ${PROXY_USER}
      HTTPPROXY_LOG: "on"
`,
  );
  await pebble.replan();
  await eventually(() =>
    fetch(`http://${gluetunAddress}:8000/v1/vpn/status`).then((r) => r.json() as Promise<unknown>),
  );
}, 60_000);

afterAll(async () => {
  await closePod?.();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await net?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("Gluetun stand-in on the pod network", () => {
  it("reports its pod IP as the public IP, on the control server's default :8000", async () => {
    const answer = await fetch(`http://${gluetunAddress}:8000/v1/publicip/ip`);
    expect(await answer.json()).toEqual({ public_ip: gluetunAddress });
  });

  it("answers the image's healthcheck inside the pod (what a Pebble exec check runs); an http check could not reach 127.0.0.1:9999", async () => {
    // Pebble's http checks run in the engine and go to the pod IP, where Gluetun's default health
    // address (127.0.0.1:9999) does not listen: a charm checks by exec, as the image's HEALTHCHECK does.
    const check = await pebble.exec(["/gluetun-entrypoint", "healthcheck"]);
    expect(check.exitCode).toBe(0);
    await expect(fetch(`http://${gluetunAddress}:9999/`)).rejects.toThrow();
  });

  it("forwards another pod's plain and CONNECT traffic to the host, arriving from the Gluetun pod's IP", async () => {
    sources.length = 0;
    const target = `http://${net.gateway}:${serverPort}/`;
    expect(await fromClient("plain", target)).toBe("200");
    expect(await fromClient("connect", target)).toBe("200");
    expect(sources).toEqual([gluetunAddress, gluetunAddress]);
    // Without the proxy the client pod reaches the host from its own address: the proxy made the difference.
    expect(await fromClient("direct", target)).toBe("200");
    expect(sources[2]).not.toBe(gluetunAddress);
    // HTTPPROXY_LOG: each forwarded connection, with the client pod's address, never the password.
    const logs = await eventually(async () => {
      const text = await pebbleLogs("gluetun");
      return text.includes("CONNECT") ? text : undefined;
    });
    const client = sources[2];
    expect(logs).toContain(`INFO [http proxy] GET ${net.gateway}:${serverPort} from ${client}:`);
    expect(logs).toContain(`INFO [http proxy] CONNECT ${net.gateway}:${serverPort} from ${client}:`);
    expect(logs).not.toContain(PROXY_PASSWORD);
  });

  it("lets the torrent seeder's tracker see the announce from the Gluetun pod's IP only", async () => {
    const seeder = await startTorrentSeeder({ listenAddress: net.gateway, size: 20_000 });
    try {
      const infoHash = (seeder.infoHash.match(/../g) ?? []).map((byte) => `%${byte}`).join("");
      const peerId = `-qB4520-${randomBytes(6).toString("hex")}`;
      const announce = `${seeder.announceUrl}?info_hash=${infoHash}&peer_id=${peerId}&port=6881&uploaded=0&downloaded=0&left=20000&compact=1&event=started`;
      expect(await fromClient("plain", announce)).toBe("200");
      expect(seeder.announcesFrom()).toEqual([gluetunAddress]);
    } finally {
      await seeder.close();
    }
  });

  it("stops forwarding while the tunnel is down (PUT /v1/vpn/status), and forwards again once it runs", async () => {
    const status = (value: string) =>
      fetch(`http://${gluetunAddress}:8000/v1/vpn/status`, {
        method: "PUT",
        body: JSON.stringify({ status: value }),
      });
    sources.length = 0;
    expect(await (await status("stopped")).json()).toEqual({ outcome: "stopped" });
    const target = `http://${net.gateway}:${serverPort}/`;
    expect(await fromClient("plain", target)).toBe("502");
    expect(await fromClient("connect", target)).not.toBe("200");
    expect(sources).toEqual([]);
    expect(await (await fetch(`http://${gluetunAddress}:8000/v1/publicip/ip`)).json()).toEqual({
      public_ip: "",
    });
    expect((await pebble.exec(["/gluetun-entrypoint", "healthcheck"])).exitCode).toBe(1);
    await status("running");
    expect(await fromClient("plain", target)).toBe("200");
    expect(sources).toEqual([gluetunAddress]);
  });
});
