// qBittorrent behind a VPN gateway, on the real app: the kill switch (no gateway: the app does not
// run), the proxy and what it cannot carry applied live through the WebUI API, every torrent
// paused within one hook of the tunnel going down and only those resumed when it is up again,
// the proxy credentials following each rotation with no restart. The gateway is a test charm
// (@charmarr/interfaces/testing) with no proxy behind it: what is checked is what the app uses.

import { DAY, downloaderTestFile, failedHooks, MINUTE } from "@charmarr/app-charm/testing";
import {
  gatewayProxyCredentials,
  VPN_GATEWAY_CHARM_META,
  vpnGatewayCharm,
} from "@charmarr/interfaces/testing";
import type { TestModel } from "@charmarr/testing";
import { describe, expect, it } from "vitest";
import {
  type Credentials,
  QBITTORRENT_CHARM,
  type Stack,
  secretCredentials,
  session,
  starts,
  UNIT,
} from "../testing/qbittorrent-stack";

const file = downloaderTestFile({
  ...QBITTORRENT_CHARM,
  config: { "peer-discovery": false, "kill-switch": true },
});

/** Torrents the app cannot reach anyone for (a magnet of a made-up hash): they stay "running". */
const HASHES = ["1".repeat(40), "2".repeat(40), "3".repeat(40)];

function proxyCredentials(m: TestModel): Credentials {
  const content = m.secret("proxy-credentials", { owner: "gluetun" })?.content();
  if (!content?.username || !content.password) throw new Error("gluetun has no proxy-credentials");
  return { username: content.username, password: content.password };
}

/**
 * The gateway deployed and related, settled. Held by the kill switch until then, the charm had not
 * mounted the media storage yet: the pod was recreated with it, so the app's URL is read again.
 */
async function addGateway(stack: Stack): Promise<number> {
  const { m } = stack;
  m.deploy("gluetun", { charm: vpnGatewayCharm, metadata: VPN_GATEWAY_CHARM_META });
  const relation = m.integrate("qbittorrent:vpn-gateway", "gluetun:vpn-gateway").id;
  await m.settle();
  stack.url = `http://${m.model.unit(UNIT).address}:8080`;
  return relation;
}

async function addTorrents(url: string, credentials: Credentials): Promise<void> {
  const login = await fetch(`${url}/api/v2/auth/login`, {
    method: "POST",
    body: new URLSearchParams(credentials),
  });
  const cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const urls = HASHES.map((hash) => `magnet:?xt=urn:btih:${hash}&dn=test-${hash.slice(0, 4)}`).join("\n");
  const added = await fetch(`${url}/api/v2/torrents/add`, {
    method: "POST",
    headers: { cookie },
    body: new URLSearchParams({ urls, savepath: "/data/torrents" }),
  });
  expect(await added.text()).toBe("Ok.");
}

async function torrentStates(url: string, credentials: Credentials): Promise<Record<string, boolean>> {
  const app = await session(url, credentials);
  try {
    const list = await app.torrents();
    return Object.fromEntries(list.map((t) => [t.hash, t.stopped]));
  } finally {
    await app.close();
  }
}

/** The states once they are `wanted` (the app updates a torrent's state shortly after a call), or the last seen. */
async function statesBecome(
  url: string,
  credentials: Credentials,
  wanted: Record<string, boolean>,
): Promise<Record<string, boolean>> {
  let seen = await torrentStates(url, credentials);
  for (let i = 0; i < 50 && JSON.stringify(seen) !== JSON.stringify(wanted); i++) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await torrentStates(url, credentials);
  }
  return seen;
}

const states = (paused: boolean[]) =>
  Object.fromEntries(HASHES.map((hash, i) => [hash, paused[i] as boolean]));

const answers = async (url: string) =>
  fetch(`${url}/`, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );

describe("qBittorrent behind a VPN gateway", () => {
  it("kill-switch on: does not run without a gateway; related, every connection goes through its proxy", async () => {
    const stack = await file.stack({ radarr: "radarr" });
    const { m } = stack;
    expect(m.unitStatus(UNIT)).toMatchObject({
      status: "blocked",
      message:
        "kill-switch is on and there is no vpn-gateway: juju integrate qbittorrent:vpn-gateway gluetun:vpn-gateway, or juju config qbittorrent kill-switch=false",
    });
    expect(await answers(stack.url)).toBe(false);

    await addGateway(stack);
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(m.unitStatus(UNIT)).toMatchObject({
      status: "active",
      message: "through gluetun (exit 198.51.100.7)",
    });
    const proxy = proxyCredentials(m);
    const app = await session(stack.url, secretCredentials(m));
    // qbittorrent-nox 4.5.2 here: WebAPI 2.8, the integer type 3 (HTTP with authentication).
    expect(await app.preferences()).toMatchObject({
      proxy_type: 3,
      proxy_ip: `gluetun.${m.model.name}.svc.cluster.local`,
      proxy_port: 8888,
      proxy_username: proxy.username,
      proxy_password: proxy.password,
      proxy_peer_connections: true,
      proxy_hostname_lookup: true,
      proxy_torrents_only: false,
      dht: false,
      lsd: false,
      pex: false,
      upnp: false,
      bittorrent_protocol: 1,
    });
    await app.close();
    // A steady-state hook with the gateway related: what it costs in hook tools.
    const before = m.hookLog.length;
    m.advance(5 * MINUTE);
    await m.settle();
    const steady = m.hookLog.slice(before).find((h) => h.unit === UNIT && h.hook === "update-status");
    console.log(
      `update-status routed: ${steady?.durationMs} ms, ${steady?.toolCalls.length} hook tools: ${steady?.toolCalls.map((c) => c.tool).join(" ")}`,
    );
    expect(steady?.result).toBe("ok");

    // peer-discovery asks for DHT, LSD and PeX: routed, they stay off, and the status says why.
    m.config("qbittorrent", { "peer-discovery": true });
    await m.settle();
    expect(m.unitStatus(UNIT)).toMatchObject({
      status: "active",
      message: "through gluetun (exit 198.51.100.7); DHT, LSD and PeX off (the proxy cannot carry them)",
    });
    const after = await session(stack.url, secretCredentials(m));
    expect(await after.preferences()).toMatchObject({
      dht: false,
      lsd: false,
      pex: false,
      bittorrent_protocol: 1,
    });
    await after.close();
  });

  it("tunnel down: every torrent paused within one hook; up: only those the charm paused resume", async () => {
    const stack = await file.stack({ radarr: "radarr" });
    const { m } = stack;
    await addGateway(stack);
    const creds = secretCredentials(m);
    await addTorrents(stack.url, creds);
    // The user pauses one themselves.
    const user = await session(stack.url, creds);
    await user.stopTorrents([HASHES[0] as string]);
    await user.close();
    expect(await statesBecome(stack.url, creds, states([true, false, false]))).toEqual(
      states([true, false, false]),
    );
    const started = await starts(m);

    const before = m.hookLog.length;
    const t0 = performance.now();
    m.config("gluetun", { tunnel: "down" });
    await m.settle();
    const pausedAfterMs = performance.now() - t0;
    const qbHooks = m.hookLog.slice(before).filter((h) => h.unit === UNIT);
    console.log(
      `tunnel down → torrents paused: ${pausedAfterMs.toFixed(0)} ms, qbittorrent hooks: ${qbHooks.length}`,
    );
    expect(qbHooks.length).toBe(1); // the relation-changed that carried it
    // Paused when the hook ended (the app reports the state a moment after the call).
    expect(await statesBecome(stack.url, creds, states([true, true, true]))).toEqual(
      states([true, true, true]),
    );
    expect(m.unitStatus(UNIT)).toMatchObject({
      status: "waiting",
      message: "VPN tunnel down on gluetun: every torrent paused",
    });
    // A torrent resumed by hand while the tunnel is down is paused again in the next hook.
    const again = await session(stack.url, creds);
    await again.startTorrents([HASHES[2] as string]);
    await again.close();
    // Only once the app reports it running: a hook that lists the torrents before then sees it paused.
    expect(await statesBecome(stack.url, creds, states([true, true, false]))).toEqual(
      states([true, true, false]),
    );
    m.advance(5 * MINUTE); // update-status
    await m.settle();
    expect(await statesBecome(stack.url, creds, states([true, true, true]))).toEqual(
      states([true, true, true]),
    );

    m.config("gluetun", { tunnel: "up" });
    await m.settle();
    // The user's stays paused.
    expect(await statesBecome(stack.url, creds, states([true, false, false]))).toEqual(
      states([true, false, false]),
    );
    expect(m.unitStatus(UNIT).status).toBe("active");
    expect(await starts(m)).toBe(started); // never restarted
    expect(failedHooks(m.hookLog)).toEqual([]);
  });

  it("a rotation of the proxy credentials is applied live; the relation removed stops the app (kill-switch), false runs it direct", async () => {
    // qBittorrent's own password does not rotate here: the round is the proxy credentials' only.
    const stack = await file.stack({ radarr: "radarr" }, { "rotation-interval": "never" });
    const { m } = stack;
    const relation = await addGateway(stack);
    const first = proxyCredentials(m);
    const started = await starts(m);
    const before = m.hookLog.length;
    m.advance(31 * DAY); // gluetun rotates monthly
    await m.settle();
    const next = proxyCredentials(m);
    expect(next.password).not.toBe(first.password);
    expect(gatewayProxyCredentials.get("gluetun")?.password).toBe(next.password);
    const round = m.hookLog.slice(before);
    const qbHooks = round.filter((h) => h.unit === UNIT).map((h) => h.hook);
    console.log(`proxy credential rotation: qbittorrent hooks ${JSON.stringify(qbHooks)}`);
    expect(qbHooks).toContain("secret-changed");
    const app = await session(stack.url, secretCredentials(m));
    expect(await app.preferences()).toMatchObject({
      proxy_username: next.username,
      proxy_password: next.password,
    });
    await app.close();
    expect(await starts(m)).toBe(started); // live: no restart

    m.removeRelation(relation);
    await m.settle();
    expect(m.unitStatus(UNIT).status).toBe("blocked");
    expect(await answers(stack.url)).toBe(false);

    m.config("qbittorrent", { "kill-switch": false });
    await m.settle();
    expect(m.unitStatus(UNIT)).toMatchObject({
      status: "active",
      message: "no vpn-gateway: connecting directly (kill-switch off)",
    });
    const direct = await session(stack.url, secretCredentials(m));
    expect(await direct.preferences()).toMatchObject({
      proxy_type: 0,
      proxy_password: "",
      bittorrent_protocol: 0,
    });
    await direct.close();
    expect(failedHooks(m.hookLog)).toEqual([]);
  });
});
