/**
 * The VPN path of the stack, every charm packed and run in its own pod: Gluetun (its stand-in, a
 * real forwarding proxy), the REAL qBittorrent and Prowlarr (stand-in) related to it, the shared
 * storage. A seeder with its tracker sits on the engine's bridge, which every pod could reach
 * directly: the tracker and the seeder must see only Gluetun's pod. Then the kill switch (the
 * tunnel down: every torrent paused; up: resumed) and both kinds of proxy-credential rotation,
 * followed by both consumers in one round of hooks. The figures go to the log as JSON.
 */
import { addSharedStorage } from "@charmarr/media-storage-charm/testing";
import { deployServarr, type PackedCharms, packServarrCharms } from "@charmarr/prowlarr-charm/testing";
import {
  CONF,
  CONF_BEING_SAVED,
  packQbittorrent,
  session,
  webUiSession,
} from "@charmarr/qbittorrent-charm/testing";
import { type TestModel, testModel } from "@charmarr/testing";
import { startTorrentSeeder, type TorrentSeeder } from "@charmarr/workloads/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addGluetun,
  DAY,
  gluetunLog,
  type PackedGluetun,
  packGluetun,
  setTunnel,
  throughProxy,
} from "../testing/gluetun-stack";

type Credentials = { username: string; password: string };

let gluetun: PackedGluetun;
let servarr: PackedCharms;
let qbittorrent: { charmFile: string; close(): void };
let m: TestModel;
let seeder: TorrentSeeder | undefined;

const address = (unit: string) => m.model.unit(unit).address ?? "";
const proxyCredentials = () => m.secret("proxy-credentials", { owner: "gluetun" })!.content() as Credentials;
const controlKey = () => m.secret("control-api-key", { owner: "gluetun" })!.content()["api-key"]!;
const qbtCredentials = () => m.secret("credentials", { owner: "qbittorrent" })!.content() as Credentials;
const qbtUrl = () => `http://${address("qbittorrent/0")}:8080`;
const failed = () => m.hookLog.filter((h) => h.result !== "ok");

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await m.settle(); // Pebble's checks queue hooks on their own: run them as they come
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Prowlarr's proxy, as its API reports it. */
async function prowlarrProxy(): Promise<{
  enabled: boolean;
  host: string;
  username: string;
  password: string;
}> {
  const apiKey = m.secret("api-key", { owner: "prowlarr" })!.content()["api-key"]!;
  const res = await fetch(`http://${address("prowlarr/0")}:9696/api/v1/config/host`, {
    headers: { "X-Api-Key": apiKey },
  });
  const host = (await res.json()) as Record<string, unknown>;
  return {
    enabled: host.proxyEnabled === true,
    host: String(host.proxyHostname ?? ""),
    username: String(host.proxyUsername ?? ""),
    password: String(host.proxyPassword ?? ""),
  };
}

/** The torrents' stopped flags, by hash. */
async function stopped(): Promise<Record<string, boolean>> {
  const client = await session(qbtUrl(), qbtCredentials());
  return Object.fromEntries((await client.torrents()).map((t) => [t.hash, t.stopped]));
}

/**
 * Asks the proxy every 50 ms while `during` runs; the longest stretch it did not answer at all
 * (refused, reset, timed out) is the outage. A 401 is an answer: the proxy is there.
 */
async function outageDuring<T>(during: () => Promise<T>): Promise<{ result: T; outageMs: number }> {
  let running = true;
  let downSince: number | undefined;
  let outageMs = 0;
  // Any answer counts, a 407 included; only no answer at all (refused, reset, timed out) is down.
  const probe = () =>
    throughProxy(address("gluetun/0"), undefined).then(
      () => true,
      () => false,
    );
  const poller = (async () => {
    while (running) {
      const answered = await probe();
      const now = performance.now();
      if (!answered) downSince ??= now;
      else if (downSince !== undefined) {
        outageMs = Math.max(outageMs, now - downSince);
        downSince = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const result = await during();
  running = false;
  await poller;
  if (downSince !== undefined) outageMs = Math.max(outageMs, performance.now() - downSince);
  return { result, outageMs };
}

/** Hooks since `from` in the hook log, by unit. */
function hooksSince(from: number): Record<string, string[]> {
  const byUnit: Record<string, string[]> = {};
  for (const h of m.hookLog.slice(from)) byUnit[h.unit] = [...(byUnit[h.unit] ?? []), h.hook];
  return byUnit;
}

/** Both consumers use these proxy credentials now, and Gluetun's proxy takes only them. */
async function consumersUse(now: Credentials, old: Credentials): Promise<void> {
  const client = await session(qbtUrl(), qbtCredentials());
  const proxy = await client.proxy();
  expect(proxy).toMatchObject({ username: now.username, password: now.password });
  expect(await prowlarrProxy()).toMatchObject({
    enabled: true,
    username: now.username,
    password: now.password,
  });
  expect(await throughProxy(address("gluetun/0"), old)).toBe(401);
  expect(await throughProxy(address("gluetun/0"), now)).not.toBe(401);
}

/** Every revision but the latest is gone once both consumers follow it. */
function onlyLatestRevision(): void {
  const secret = m.secret("proxy-credentials", { owner: "gluetun" })!;
  expect([...secret.revisions.keys()]).toEqual([secret.latestRevision]);
  for (const unit of ["qbittorrent/0", "prowlarr/0"])
    expect(secret.tracking.get(unit)).toBe(secret.latestRevision);
}

beforeAll(async () => {
  [gluetun, servarr, qbittorrent] = await Promise.all([
    packGluetun(),
    packServarrCharms(["prowlarr"]),
    packQbittorrent(),
  ]);
  m = await testModel({ name: "media", kubernetes: true, maxHooksPerSettle: 3_000 });
  await addSharedStorage(m, []);
  addGluetun(m, gluetun);
  m.deploy("qbittorrent", {
    charmFile: qbittorrent.charmFile,
    trust: true,
    config: { "peer-discovery": false },
  });
  for (const file of [CONF, CONF_BEING_SAVED]) m.declareCredentialFile("qbittorrent/0", "qbittorrent", file);
  m.integrate("storage:media-storage", "qbittorrent:media-storage");
  deployServarr(m, servarr, "prowlarr");
  m.integrate("gluetun:vpn-gateway", "qbittorrent:vpn-gateway");
  m.integrate("gluetun:vpn-gateway", "prowlarr:vpn-gateway");
  const started = performance.now();
  await m.settle();
  console.log(
    JSON.stringify({
      figure: "vpn-stack deploy to active",
      ms: Math.round(performance.now() - started),
      hooks: m.hookLog.length,
    }),
  );
}, 600_000);

afterAll(async () => {
  await seeder?.close();
  await m?.close();
  gluetun?.close();
  servarr?.close();
  qbittorrent?.close();
});

describe("the stack behind Gluetun", () => {
  it("comes up routed: qBittorrent and Prowlarr through Gluetun's Service, no failed hook", async () => {
    for (const unit of ["storage/0", "gluetun/0", "qbittorrent/0", "prowlarr/0"]) {
      expect(m.unitStatus(unit).status, `${unit}: ${m.unitStatus(unit).message}`).toBe("active");
    }
    expect(m.unitStatus("qbittorrent/0").message).toMatch(/^through gluetun/);
    const { username, password } = proxyCredentials();
    expect(await prowlarrProxy()).toEqual({
      enabled: true,
      host: "gluetun.media.svc.cluster.local",
      username,
      password,
    });
    expect(failed()).toEqual([]);
  });

  it(
    "every announce and peer connection leaves from Gluetun's pod; none from qBittorrent's",
    { timeout: 180_000 },
    async () => {
      const bridge = await m.agents.podProvider?.hostService?.();
      if (!bridge) throw new Error("the pods have no network of their own");
      seeder = await startTorrentSeeder({
        listenAddress: bridge.address,
        fileName: "Through.The.Tunnel.2024.mkv",
      });
      const qbt = await webUiSession(qbtUrl(), qbtCredentials());
      await qbt.add(seeder.torrent, "");
      await until("the download", async () => {
        const t = await qbt.torrent(seeder?.infoHash ?? "");
        return t && t.progress === 1 ? t : undefined;
      });
      const gluetunIp = address("gluetun/0");
      const qbittorrentIp = address("qbittorrent/0");
      expect(gluetunIp).not.toBe(qbittorrentIp);
      expect(seeder.announcesFrom()).toEqual([gluetunIp]);
      expect(await seeder.peersFrom()).toEqual([gluetunIp]);
      // Gluetun's proxy log names each: the announce (plain HTTP) and the peer (CONNECT). The
      // client it logs is the Service's forwarder (qBittorrent calls gluetun.<model>.svc), not
      // qBittorrent's pod: the engine's Service proxies in user space, like kube-proxy's old mode.
      const proxyLog = (await gluetunLog(m)).filter((line) => line.includes("[http proxy]"));
      const forwarded = proxyLog.filter((line) => !line.includes(" from 127.0.0.1:"));
      const trackerPort = new URL(seeder.announceUrl).port;
      expect(
        forwarded.filter((l) => l.includes(`GET ${bridge.address}:${trackerPort} `)),
        proxyLog.slice(-20).join("\n"),
      ).not.toEqual([]);
      expect(
        forwarded.filter((l) => l.includes(`CONNECT ${bridge.address}:${seeder?.peer.torrentPort} `)),
        proxyLog.slice(-20).join("\n"),
      ).not.toEqual([]);
      // The exit IP Gluetun reports is the address the tracker saw.
      expect(m.unitStatus("gluetun/0").message).toBe(`tunnel up, exit ${gluetunIp}`);
    },
  );

  it(
    "tunnel down: every torrent paused within one hook of Gluetun's report; up: resumed",
    { timeout: 120_000 },
    async () => {
      const hash = seeder?.infoHash ?? "";
      expect((await stopped())[hash]).toBe(false);
      const from = m.hookLog.length;
      const t0 = performance.now();
      expect(await setTunnel(address("gluetun/0"), controlKey(), "stopped")).toBe(200);
      await until("the torrents paused", async () => ((await stopped())[hash] ? true : undefined));
      const pausedMs = performance.now() - t0;
      const hooks = m.hookLog.slice(from);
      const reported = hooks.findIndex((h) => h.unit === "gluetun/0");
      const qbtHooksAfterReport = hooks.slice(reported + 1).filter((h) => h.unit === "qbittorrent/0");
      expect(reported).toBeGreaterThanOrEqual(0);
      expect(qbtHooksAfterReport.length).toBe(1);
      expect(m.unitStatus("qbittorrent/0").message).toBe("VPN tunnel down on gluetun: every torrent paused");
      expect(m.unitStatus("gluetun/0").status).toBe("waiting");

      const t1 = performance.now();
      expect(await setTunnel(address("gluetun/0"), controlKey(), "running")).toBe(200);
      await until("the torrents resumed", async () => ((await stopped())[hash] === false ? true : undefined));
      console.log(
        JSON.stringify({
          figure: "kill switch",
          tunnelDownToPausedMs: Math.round(pausedMs),
          gluetunReportHook: hooks[reported]?.hook,
          qbittorrentHooksAfterReport: qbtHooksAfterReport.map((h) => h.hook),
          tunnelUpToResumedMs: Math.round(performance.now() - t1),
        }),
      );
      expect(m.unitStatus("qbittorrent/0").message).toMatch(/^through gluetun/);
      expect(failed()).toEqual([]);
    },
  );

  it(
    "rotate-credentials: both consumers follow in one round of hooks, the old revision pruned",
    { timeout: 120_000 },
    async () => {
      const old = proxyCredentials();
      const from = m.hookLog.length;
      const t0 = performance.now();
      const { result, outageMs } = await outageDuring(async () => {
        const action = await m.runAction("gluetun/0", "rotate-credentials", {});
        await m.settle();
        return action;
      });
      const wallMs = performance.now() - t0;
      expect(result.status).toBe("completed");
      const now = proxyCredentials();
      expect(now.password).not.toBe(old.password);
      await consumersUse(now, old);
      onlyLatestRevision();
      const hooks = hooksSince(from);
      expect(hooks["qbittorrent/0"]?.filter((h) => h === "secret-changed")).toEqual(["secret-changed"]);
      expect(hooks["prowlarr/0"]?.filter((h) => h === "secret-changed")).toEqual(["secret-changed"]);
      expect(failed()).toEqual([]);
      console.log(
        JSON.stringify({
          figure: "proxy rotation (action)",
          wallMsToLastConsumer: Math.round(wallMs),
          proxyOutageMs: Math.round(outageMs),
          hooks,
        }),
      );
    },
  );

  it("rotation on schedule: the same, with no operator", { timeout: 120_000 }, async () => {
    const old = proxyCredentials();
    const from = m.hookLog.length;
    m.advance(32 * DAY);
    const t0 = performance.now();
    const { outageMs } = await outageDuring(() => m.settle());
    const wallMs = performance.now() - t0;
    const now = proxyCredentials();
    expect(now.password).not.toBe(old.password);
    await consumersUse(now, old);
    onlyLatestRevision();
    const hooks = hooksSince(from);
    expect(hooks["gluetun/0"]).toContain("secret-rotate");
    expect(hooks["qbittorrent/0"]?.filter((h) => h === "secret-changed")).toEqual(["secret-changed"]);
    expect(hooks["prowlarr/0"]?.filter((h) => h === "secret-changed")).toEqual(["secret-changed"]);
    expect(failed()).toEqual([]);
    console.log(
      JSON.stringify({
        figure: "proxy rotation (schedule)",
        wallMsToLastConsumer: Math.round(wallMs),
        proxyOutageMs: Math.round(outageMs),
        hooks,
      }),
    );
  });

  it("no surface holds a credential it should not", () => {
    expect(m.leaks()).toEqual([]);
  });
});
