import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILTIN_IMAGES, ImageCatalog, startWorkloadPod } from "@charmarr/engine";
import { PebbleClient } from "@charmarr/pebble";
import { afterEach, describe, expect, it } from "vitest";
import { registerGluetunStandIn } from "../register";

// The Gluetun stand-in as a process (bin/gluetun.mjs, settings from env and secret files) and as
// the engine launches it: Pebble running /gluetun-entrypoint in a gluetun container, which needs
// the TUN device (hostPath CharDevice) and NET_ADMIN like the real image.

const ENTRY = join(import.meta.dirname, "../../bin/gluetun.mjs");
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
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

function spawnEntry(env: NodeJS.ProcessEnv, args: string[] = []) {
  // Only what the test gives: no stray Gluetun setting of the host's environment.
  const child = spawn(process.execPath, [ENTRY, ...args], { env: { PATH: process.env.PATH, ...env } });
  children.push(child);
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr.on("data", (chunk) => {
    out += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Pebble's logs API, which the Pebble client library does not wrap. */
function pebbleLogs(socketPath: string, service: string): Promise<string> {
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

it("has a working bubblewrap (bash scripts/setup.sh installs it)", () => {
  execFileSync("bwrap", ["--ro-bind", "/", "/", "true"], { stdio: "ignore" });
});

describe("Gluetun stand-in process", () => {
  it("starts from env and _SECRETFILE settings, serves control, health and proxy, and never logs a secret", async () => {
    const dir = tempDir("gluetun-process-");
    const privateKey = randomBytes(32).toString("base64");
    writeFileSync(join(dir, "wg-key"), `${privateKey}\n`);
    writeFileSync(join(dir, "proxy-password"), "proxy-secret-value\r\n");
    writeFileSync(
      join(dir, "auth.toml"),
      '[[roles]]\nname = "charm"\nauth = "apikey"\napikey = "control-key-value"\nroutes = ["GET /v1/vpn/status", "PUT /v1/vpn/status", "GET /v1/publicip/ip"]\n',
    );
    const [control, health, proxy] = [await freePort(), await freePort(), await freePort()];
    const run = spawnEntry({
      VPN_SERVICE_PROVIDER: "mullvad",
      VPN_TYPE: "wireguard",
      WIREGUARD_PRIVATE_KEY_SECRETFILE: join(dir, "wg-key"),
      WIREGUARD_ADDRESSES: "10.64.0.2/32",
      HTTPPROXY: "on",
      HTTPPROXY_LISTENING_ADDRESS: `127.0.0.1:${proxy}`,
      HTTPPROXY_USER: "proxy-user",
      HTTPPROXY_PASSWORD_SECRETFILE: join(dir, "proxy-password"),
      HTTPPROXY_LOG: "on",
      HTTP_CONTROL_SERVER_ADDRESS: `127.0.0.1:${control}`,
      HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH: join(dir, "auth.toml"),
      HEALTH_SERVER_ADDRESS: `127.0.0.1:${health}`,
    });
    const headers = { "X-API-Key": "control-key-value" };
    const status = await eventually(() =>
      fetch(`http://127.0.0.1:${control}/v1/vpn/status`, { headers }).then((r) => r.text()),
    );
    expect(status).toBe('{"status":"running"}\n');
    expect((await fetch(`http://127.0.0.1:${control}/v1/vpn/status`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${health}/`)).status).toBe(200);
    // The proxy takes the password from its secret file (CRLF stripped).
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: proxy,
          path: `http://127.0.0.1:${health}/`,
          headers: {
            "proxy-authorization": `Basic ${Buffer.from("proxy-user:proxy-secret-value").toString("base64")}`,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(answer).toBe(200);
    await fetch(`http://127.0.0.1:${control}/v1/vpn/status`, {
      method: "PUT",
      headers,
      body: '{"status":"stopped"}',
    });
    expect((await fetch(`http://127.0.0.1:${health}/`)).status).toBe(500);
    // The image's HEALTHCHECK: `/gluetun-entrypoint healthcheck` exits 1 while the tunnel is down, 0 once it runs.
    const healthEnv = { HEALTH_SERVER_ADDRESS: `127.0.0.1:${health}` };
    expect(await spawnEntry(healthEnv, ["healthcheck"]).exited).toBe(1);
    await fetch(`http://127.0.0.1:${control}/v1/vpn/status`, {
      method: "PUT",
      headers,
      body: '{"status":"running"}',
    });
    expect(await spawnEntry(healthEnv, ["healthcheck"]).exited).toBe(0);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const output = run.output();
    expect(output).toContain("Private key: [set]");
    expect(output).toMatch(
      new RegExp(`INFO \\[http proxy\\] GET 127\\.0\\.0\\.1:${health} from 127\\.0\\.0\\.1:\\d+`),
    );
    for (const secret of [privateKey, "proxy-secret-value", "control-key-value"])
      expect(output).not.toContain(secret);
  });

  it("exits 1 naming the invalid setting, not its value", async () => {
    const bad = "definitely-not-a-wireguard-key";
    const run = spawnEntry({
      VPN_TYPE: "wireguard",
      WIREGUARD_PRIVATE_KEY: bad,
      WIREGUARD_ADDRESSES: "10.64.0.2/32",
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/ERROR .*WIREGUARD_PRIVATE_KEY/);
    expect(run.output()).not.toContain(bad);
  });

  it("exits 1 on an auth file with an unknown key", async () => {
    const dir = tempDir("gluetun-auth-");
    writeFileSync(join(dir, "auth.toml"), '[[roles]]\nname = "x"\nauth = "none"\nroutes = []\ntoken = "t"\n');
    const run = spawnEntry({
      OPENVPN_USER: "u",
      OPENVPN_PASSWORD: "p",
      HTTP_CONTROL_SERVER_ADDRESS: `127.0.0.1:${await freePort()}`,
      HEALTH_SERVER_ADDRESS: `127.0.0.1:${await freePort()}`,
      HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH: join(dir, "auth.toml"),
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('ERROR http server: auth: decoding TOML: roles.0: unknown key "token"');
  });
});

describe("Gluetun stand-in in a workload container", () => {
  const metadata = {
    containers: { gluetun: { resource: "gluetun-image", mounts: [] } },
    resources: { "gluetun-image": { type: "oci-image", upstreamSource: "ghcr.io/qdm12/gluetun:v3.41.1" } },
    storage: {},
  };

  async function runGluetun(withTun: boolean, netAdmin = withTun) {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    registerGluetunStandIn(catalog);
    const pod = await startWorkloadPod({
      unit: "gluetun/0",
      stateDir: tempDir("gluetun-pod-"),
      catalog,
      okayDelayMs: 200,
      metadata,
      ...(withTun
        ? {
            extraMounts: {
              gluetun: [
                {
                  containerPath: "/dev/net/tun",
                  hostPath: "/dev/net/tun",
                  readOnly: false,
                  device: true as const,
                },
              ],
            },
          }
        : {}),
      ...(netAdmin ? { extraCapabilities: { gluetun: ["NET_ADMIN"] } } : {}),
    });
    const socketPath = pod.container("gluetun").socketPath;
    const pebble = new PebbleClient(socketPath);
    const [control, health] = [await freePort(), await freePort()];
    // The key comes from Gluetun's default secrets directory inside the container.
    await pebble.push("/run/secrets/wireguard_private_key", `${randomBytes(32).toString("base64")}\n`, {
      makeDirs: true,
    });
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
      HTTP_CONTROL_SERVER_ADDRESS: 127.0.0.1:${control}
      HEALTH_SERVER_ADDRESS: 127.0.0.1:${health}
`,
    );
    return { pod, pebble, socketPath, control, health };
  }

  it("runs at /gluetun-entrypoint with the TUN device and NET_ADMIN", async () => {
    const { pod, pebble, control, health } = await runGluetun(true);
    try {
      await pebble.replan();
      const status = await eventually(() =>
        fetch(`http://127.0.0.1:${control}/v1/vpn/status`).then((r) => r.json() as Promise<unknown>),
      );
      expect(status).toEqual({ status: "running" });
      expect((await fetch(`http://127.0.0.1:${health}/`)).status).toBe(200);
    } finally {
      await pod.close();
    }
  });

  it("exits 1 like Gluetun without the TUN device, which Pebble's logs show", async () => {
    const { pod, pebble, socketPath } = await runGluetun(false);
    try {
      await pebble.replan().catch(() => undefined);
      const logs = await eventually(async () => {
        const text = await pebbleLogs(socketPath, "gluetun");
        return text.includes("ERROR creating tun device") ? text : undefined;
      });
      expect(logs).toContain("ERROR creating tun device: open /dev/net/tun: no such file or directory");
    } finally {
      await pod.close();
    }
  });

  it("exits 1 with the TUN device but without NET_ADMIN", async () => {
    const { pod, pebble, socketPath } = await runGluetun(true, false);
    try {
      await pebble.replan().catch(() => undefined);
      const logs = await eventually(async () => {
        const text = await pebbleLogs(socketPath, "gluetun");
        return text.includes("ERROR creating tun device") ? text : undefined;
      });
      expect(logs).toContain("ERROR creating tun device: open /dev/net/tun: operation not permitted");
    } finally {
      await pod.close();
    }
  });
});
