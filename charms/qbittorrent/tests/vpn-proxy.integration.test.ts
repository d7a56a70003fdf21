// The routing the charm sets (qbittorrent-routing.ts), on a real qbittorrent-nox, against the
// Gluetun stand-in's HTTP proxy (@charmarr/stand-ins, in-process) and a real seeder with its
// tracker: the announces and the peer connections go through the proxy (its log shows each one),
// the download completes through it; with the tunnel down nothing goes through, and nothing goes
// around it either (the tracker sees no announce). Loopback only: the proxy forwards only to
// private and loopback addresses.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type GluetunStandIn,
  readGluetunSettings,
  settingsReader,
  startGluetunStandIn,
} from "@charmarr/stand-ins";
import { freePort, startTorrentSeeder, TorrentPeer, type TorrentSeeder } from "@charmarr/workloads/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routingPreferences } from "../src/qbittorrent-routing";

const PROXY_USER = "proxy";
const PROXY_PASSWORD = randomBytes(18).toString("base64url");

let dir: string;
let gluetun: GluetunStandIn;
const proxyLog: string[] = [];
let seeder: TorrentSeeder;
let leecher: TorrentPeer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "qbt-vpn-"));
  writeFileSync(
    join(dir, "auth.toml"),
    '[[roles]]\nname = "charm"\nauth = "apikey"\napikey = "control-key-value"\nroutes = ["GET /v1/vpn/status", "PUT /v1/vpn/status"]\n',
  );
  const env = {
    VPN_SERVICE_PROVIDER: "mullvad",
    VPN_TYPE: "wireguard",
    WIREGUARD_PRIVATE_KEY: randomBytes(32).toString("base64"),
    WIREGUARD_ADDRESSES: "10.64.0.2/32",
    HTTPPROXY: "on",
    HTTPPROXY_LISTENING_ADDRESS: `127.0.0.1:${await freePort()}`,
    HTTPPROXY_USER: PROXY_USER,
    HTTPPROXY_PASSWORD: PROXY_PASSWORD,
    HTTPPROXY_LOG: "on",
    HTTP_CONTROL_SERVER_ADDRESS: `127.0.0.1:${await freePort()}`,
    HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH: join(dir, "auth.toml"),
    HEALTH_SERVER_ADDRESS: `127.0.0.1:${await freePort()}`,
  };
  gluetun = await startGluetunStandIn({
    settings: readGluetunSettings(settingsReader({ env, secretsDir: join(dir, "no-secrets") })),
    logLine: (line) => proxyLog.push(line),
    publicIp: () => "198.51.100.7",
  });
  seeder = await startTorrentSeeder({ fileName: "Routed.Through.Gluetun.2024.mkv", size: 400_000 });
  leecher = await TorrentPeer.startPeer();
  const version = (await leecher.api("app/webapiVersion")).trim();
  const route = {
    route: "gateway" as const,
    gateway: "gluetun",
    proxy: {
      host: "127.0.0.1",
      port: gluetun.proxyPort as number,
      credentials: { username: PROXY_USER, password: PROXY_PASSWORD },
    },
    tunnel: "up" as const,
  };
  await leecher.setPreferences(routingPreferences(route, false, version));
}, 120_000);

afterAll(async () => {
  await leecher?.destroy();
  await seeder?.close();
  await gluetun?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const forwarded = (what: RegExp) => proxyLog.filter((line) => what.test(line));

describe("qBittorrent routed through the Gluetun stand-in's proxy", () => {
  it("announces and connects to peers through the proxy; the download completes", async () => {
    const trackerPort = new URL(seeder.announceUrl).port;
    await leecher.addTorrent(seeder.torrent, { savePath: join(leecher.dir, "downloads") });
    const done = await leecher.waitForTorrent(seeder.infoHash, (t) => t.progress === 1, 60_000);
    expect(done.progress).toBe(1);
    // The proxy's log: the announce (plain HTTP through the proxy) and the peer connection (CONNECT).
    expect(
      forwarded(new RegExp(`\\[http proxy\\] GET 127\\.0\\.0\\.1:${trackerPort} from`)).length,
    ).toBeGreaterThan(0);
    expect(
      forwarded(new RegExp(`\\[http proxy\\] CONNECT 127\\.0\\.0\\.1:${seeder.peer.torrentPort} from`))
        .length,
    ).toBeGreaterThan(0);
    // Never the credentials.
    expect(proxyLog.join("\n")).not.toContain(PROXY_PASSWORD);
  });

  it("with the tunnel down, a torrent gets nowhere, and nothing reaches the tracker around the proxy", async () => {
    gluetun.tunnel.set("stopped");
    const other = await startTorrentSeeder({ fileName: "Tunnel.Down.2024.mkv", size: 100_000 });
    try {
      await leecher.addTorrent(other.torrent, { savePath: join(leecher.dir, "downloads") });
      await new Promise((r) => setTimeout(r, 8000));
      expect((await leecher.torrent(other.infoHash))?.progress ?? 0).toBe(0);
      expect(other.announcesFrom()).toEqual([]);
      expect(await other.peersFrom()).toEqual([]);
    } finally {
      await other.close();
      gluetun.tunnel.set("running");
    }
  });
});
