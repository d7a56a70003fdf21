// What the Gluetun flow tests share: the charm packed once per file, the Gluetun stand-in
// registered (libs/stand-ins), a model serving the Kubernetes API, and probes of Gluetun in the
// unit's pod (its files, its log, its proxy and control server).
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { PebbleClient } from "@charmarr/pebble";
import { registerGluetunStandIn } from "@charmarr/stand-ins";
import { type TestModel, testModel } from "@charmarr/testing";
import { VPN_CLIENT_METADATA, vpnClientCharm, wireguardKey } from "./vpn-client-charm";

export const CHARM_DIR = resolve(import.meta.dirname, "..");
export const DAY = 24 * 60 * 60 * 1000;

/** The secret files the charm writes (declared to the leak scanner: credentials at 0600 by design). */
export const SECRET_FILES = [
  "/run/secrets/wireguard_private_key",
  "/run/secrets/wireguard_addresses",
  "/run/secrets/wireguard_preshared_key",
  "/run/secrets/openvpn_user",
  "/run/secrets/openvpn_password",
  "/run/secrets/httpproxy_user",
  "/run/secrets/httpproxy_password",
  "/gluetun/auth/config.toml",
];

export interface PackedGluetun {
  file: string;
  close(): void;
}

/** Packs the charm into a temp dir and registers the Gluetun stand-in for its image. */
export async function packGluetun(): Promise<PackedGluetun> {
  const work = mkdtempSync(join(tmpdir(), "gluetun-charm-"));
  const unregister = registerGluetunStandIn();
  const { path } = await packCharm(CHARM_DIR, work);
  return {
    file: path,
    close: () => {
      unregister();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export function gluetunModel(): Promise<TestModel> {
  return testModel({ name: "media", kubernetes: true });
}

/**
 * Gluetun as an operator deploys it: a WireGuard user secret granted to it, the packed charm
 * deployed trusted, its credential files declared to the leak scanner. Nothing related, nothing run.
 */
export function addGluetun(
  m: TestModel,
  packed: PackedGluetun,
  config: Record<string, unknown> = {},
  units = 1,
): { key: string; uri: string } {
  const key = wireguardKey();
  // The addresses in the config, not the secret: Gluetun prints them in its log.
  const uri = m.addUserSecret("vpn", { "private-key": key });
  m.deploy("gluetun", {
    charmFile: packed.file,
    trust: true,
    units,
    config: {
      "vpn-provider": "mullvad",
      "vpn-credentials": uri,
      "wireguard-addresses": "10.64.0.2/32",
      "cluster-subnets": "10.0.0.0/8",
      ...config,
    },
  });
  m.grantSecret(uri, "gluetun");
  for (let unit = 0; unit < units; unit++) {
    for (const path of SECRET_FILES) m.declareCredentialFile(`gluetun/${unit}`, "gluetun", path);
  }
  return { key, uri };
}

/** Gluetun (addGluetun) with a VPN client related, settled. */
export async function deployGluetun(
  m: TestModel,
  packed: PackedGluetun,
  config: Record<string, unknown> = {},
  units = 1,
): Promise<{ key: string; uri: string; relation: number }> {
  const { key, uri } = addGluetun(m, packed, config, units);
  m.deploy("vpn-client", { charm: vpnClientCharm, metadata: VPN_CLIENT_METADATA });
  const relation = m.integrate("vpn-client:vpn-gateway", "gluetun:vpn-gateway").id;
  await m.settle();
  return { key, uri, relation };
}

/** The Pebble of a unit's gluetun container, as the test sees it from the host. */
export function gluetunPebble(m: TestModel, unit = "gluetun/0"): PebbleClient {
  const dir = m.agents.pods().get(unit)?.containerSocketDirs.gluetun;
  if (!dir) throw new Error(`${unit} has no gluetun container`);
  return new PebbleClient(join(dir, "pebble.socket"));
}

/** The files of the gluetun container, path → { mode, content }. */
export async function gluetunFiles(m: TestModel, unit = "gluetun/0") {
  const files = (await m.agents.pods().get(unit)?.inspect())?.files ?? [];
  return new Map(
    files
      .filter((f) => f.container === "gluetun")
      .map((f) => [f.path, { mode: f.mode & 0o777, content: f.content }]),
  );
}

/** Gluetun's log lines, as Pebble keeps them (its proxy's log included). */
export async function gluetunLog(m: TestModel, unit = "gluetun/0"): Promise<string[]> {
  const texts = (await m.agents.pods().get(unit)?.inspect())?.texts ?? [];
  return (texts.find((t) => t.where.startsWith("Pebble log of service gluetun"))?.text ?? "").split("\n");
}

/** How often Gluetun (the stand-in) started in this pod, from its log in Pebble (its start line). */
export async function gluetunStarts(m: TestModel, unit = "gluetun/0"): Promise<number> {
  return (await gluetunLog(m, unit)).filter((line) => line.includes("INFO [main] Gluetun stand-in")).length;
}

/** One request through the proxy at the pod's address (as a related app would), status code. */
export function throughProxy(
  address: string,
  credentials: { username: string; password: string } | undefined,
  target = "http://127.0.0.1:9999/",
): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const headers: Record<string, string> = { Connection: "close" };
    if (credentials)
      headers["Proxy-Authorization"] =
        `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    const req = request({ host: address, port: 8888, path: target, headers, timeout: 5_000 }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    // `timeout` only tells: without this, a proxy that never answers would hang the caller.
    req.on("timeout", () => req.destroy(new Error(`no answer from the proxy at ${address}:8888`)));
    req.on("error", reject);
    req.end();
  });
}

/** Switches Gluetun's tunnel through its control server, with the charm's key (as a test, from the host). */
export function setTunnel(address: string, apiKey: string, status: "running" | "stopped"): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const body = JSON.stringify({ status });
    const req = request(
      {
        host: address,
        port: 8000,
        path: "/v1/vpn/status",
        method: "PUT",
        headers: {
          "X-API-Key": apiKey,
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
        },
        timeout: 5_000,
      },
      (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
