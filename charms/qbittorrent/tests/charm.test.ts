// The qBittorrent charm's decisions, in-process: what goes into qBittorrent.conf, and the config
// it refuses. The flows on the real app are in the *.integration.test.ts files.
import { downloaderConfigScenarios } from "@charmarr/app-charm/testing";
import { declareMetadata, defineCharm } from "@charmarr/charm";
import { VPN_GATEWAY_CHARM_META, vpnGatewayCharm } from "@charmarr/interfaces/testing";
import { testModel } from "@charmarr/testing";
import { QbittorrentConf } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import charm from "../src/charm";
import { type QbittorrentConfig, qbittorrentOptions, WEBUI_PORT } from "../src/qbittorrent-config";
import { routeProxy, routingPreferences } from "../src/qbittorrent-routing";
import { managedSettings, wantedConf } from "../src/qbittorrent-settings";
import { openTorrentPorts } from "../src/torrent-ports";
import { QBITTORRENT } from "../testing/qbittorrent-stack";

const config = { "download-dir": "/data/torrents/", "torrent-port": 6881, "peer-discovery": true };
const creds = { username: "charm", password: "a-password-of-32-characters-long" };

describe("qBittorrent.conf", () => {
  it("binds the WebUI and BitTorrent to every address of the pod and keeps every protection on", () => {
    expect(managedSettings(config, "002")).toMatchObject({
      legalNoticeAccepted: true,
      webUiAddress: "*",
      webUiPort: 8080,
      networkInterfaceAddress: "",
      torrentPort: 6881,
      localHostAuth: true,
      authSubnetWhitelistEnabled: false,
      csrfProtection: true,
      hostHeaderValidation: true,
      maxAuthFailCount: 5,
      banDuration: 3600,
      webUiUpnp: false,
      portForwarding: false,
      defaultSavePath: "/data/torrents",
      disableAutoTmmByDefault: false,
    });
  });

  it("shares a finished download as the stack's umask says, by qBittorrent's run-on-completion (no shell)", () => {
    expect(managedSettings(config, "002")).toMatchObject({
      autorunEnabled: true,
      autorunProgram: 'chmod -R g+rwX,o+rX "%F"',
    });
    expect(managedSettings(config, "022").autorunProgram).toBe('chmod -R g+rX,o+rX "%F"');
    expect(managedSettings(config, "077").autorunProgram).toBe('chmod -R u+rwX "%F"');
  });

  it("peer-discovery switches DHT, LSD and PeX together", () => {
    expect(managedSettings(config, "002")).toMatchObject({ dht: true, lsd: true, pex: true });
    expect(managedSettings({ ...config, "peer-discovery": false }, "002")).toMatchObject({
      dht: false,
      lsd: false,
      pex: false,
    });
  });

  it("seeds a new profile with the credentials, and the same input gives the same text", async () => {
    const settings = managedSettings(config, "002");
    const first = await wantedConf(undefined, settings, creds);
    const conf = QbittorrentConf.parse(first);
    expect(await conf.credentialsMatch(creds)).toBe(true);
    expect(conf.settings.resolvePeerCountries).toBe(false);
    // No re-salting: asserting the same credentials again writes nothing.
    expect(await wantedConf(first, settings, creds)).toBe(first);
    // Nor when the hook already knows the file holds them (no hash derived at all).
    expect(await wantedConf(first, settings, creds, true)).toBe(first);
  });

  it("a new password gets a new hash; the old one no longer matches", async () => {
    const settings = managedSettings(config, "002");
    const first = await wantedConf(undefined, settings, creds);
    const next = { ...creds, password: "another-password-32-characters-x" };
    const second = QbittorrentConf.parse(await wantedConf(first, settings, next));
    expect(await second.credentialsMatch(next)).toBe(true);
    expect(await second.credentialsMatch(creds)).toBe(false);
  });

  it("keeps what the operator set in the web UI, and first-start defaults stay the operator's", async () => {
    const settings = managedSettings(config, "002");
    const first = await wantedConf(undefined, settings, creds);
    const edited = QbittorrentConf.parse(first)
      .with({ resolvePeerCountries: true })
      .withValues([
        { section: "BitTorrent", key: "Session\\MaxConnections", value: 100 },
        { section: "RSS", key: "AutoDownloader\\EnableProcessing", value: true },
      ])
      .toString();
    const again = await wantedConf(edited, settings, creds);
    expect(again).toBe(edited);
    expect(QbittorrentConf.parse(again).settings.resolvePeerCountries).toBe(true);
  });

  it("re-asserts a protection turned off behind the charm's back", async () => {
    const settings = managedSettings(config, "002");
    const first = await wantedConf(undefined, settings, creds);
    const weakened = QbittorrentConf.parse(first)
      .with({ localHostAuth: false, maxAuthFailCount: 0 })
      .toString();
    const fixed = QbittorrentConf.parse(await wantedConf(weakened, settings, creds));
    expect(fixed.settings).toMatchObject({ localHostAuth: true, maxAuthFailCount: 5 });
  });
});

describe("config", () => {
  const torrentPort = qbittorrentOptions["torrent-port"]!;
  it("torrent-port: 1024 to 65535, never the WebUI's", () => {
    for (const port of [1024, 6881, 51413, 65535]) expect(torrentPort.safeParse(port).success).toBe(true);
    for (const port of [80, 1023, 8080, 65536, 6881.5])
      expect(torrentPort.safeParse(port).success).toBe(false);
  });

  downloaderConfigScenarios(
    QBITTORRENT,
    charm,
    {
      config: { "torrent-port": 8080, "download-dir": "downloads" },
      messages: [
        "torrent-port=8080 (allowed: a port from 1024 to 65535 other than 8080 (the WebUI))",
        'download-dir="downloads" (allowed: an absolute directory',
      ],
    },
    { "kill-switch": false },
  );
});

describe("ports", () => {
  // The app service opens the WebUI's port; the charm adds the peer port, on TCP and UDP.
  const portsCharm = defineCharm({
    metadata: declareMetadata<Pick<QbittorrentConfig, "torrent-port">>({
      name: "qb",
      config: { options: { "torrent-port": { type: "int", default: 6881 } } },
    }),
    async reconcile(ctx) {
      if (ctx.event.kind !== "update-status") await ctx.tools.openPort(WEBUI_PORT);
      await openTorrentPorts(ctx, ctx.config["torrent-port"]);
    },
  });

  it("opens torrent-port on TCP and UDP, closes the previous one, keeps the WebUI's, skips update-status", async () => {
    const m = await testModel();
    try {
      const opened = async () =>
        (await m.runTool("qb/0", "opened-ports", [])).stdout.split("\n").filter(Boolean).sort();
      m.deploy("qb", { charm: portsCharm });
      await m.settle();
      expect(await opened()).toEqual(["6881/tcp", "6881/udp", "8080/tcp"]);
      m.config("qb", { "torrent-port": 51413 });
      await m.settle();
      expect(await opened()).toEqual(["51413/tcp", "51413/udp", "8080/tcp"]);
      m.advance(5 * 60_000);
      const ran = await m.settle();
      expect(ran.map((h) => h.hook)).toEqual(["update-status"]);
      expect(ran[0]!.toolCalls.map((c) => c.tool)).not.toContain("opened-ports");
      expect(await opened()).toEqual(["51413/tcp", "51413/udp", "8080/tcp"]);
    } finally {
      await m.close();
    }
  });
});

describe("VPN gateway", () => {
  const gateway = {
    route: "gateway" as const,
    gateway: "gluetun",
    proxy: {
      host: "gluetun.media.svc.cluster.local",
      port: 8888,
      credentials: { username: "proxy", password: "proxy-password-of-some-length" },
    },
    tunnel: "up" as const,
  };
  const direct = { route: "direct" as const, note: "" };

  it("routed: everything through the HTTP proxy, with its credentials, in the server's own format", () => {
    expect(routingPreferences(gateway, true, "2.11.2")).toEqual({
      proxy_type: "HTTP",
      proxy_ip: "gluetun.media.svc.cluster.local",
      proxy_port: 8888,
      proxy_auth_enabled: true,
      proxy_username: "proxy",
      proxy_password: "proxy-password-of-some-length",
      proxy_hostname_lookup: true,
      proxy_bittorrent: true,
      proxy_peer_connections: true,
      proxy_rss: true,
      proxy_misc: true,
      // What an HTTP proxy cannot carry, off whatever peer-discovery says.
      dht: false,
      lsd: false,
      pex: false,
      bittorrent_protocol: 1,
      upnp: false,
    });
    // qBittorrent 4.5 (WebAPI 2.8): the integer type with auth folded in, all traffic.
    expect(routingPreferences(gateway, true, "2.8.19")).toMatchObject({
      proxy_type: 3,
      proxy_torrents_only: false,
      proxy_peer_connections: true,
      dht: false,
      bittorrent_protocol: 1,
    });
  });

  it("direct: no proxy and its credentials cleared; peer-discovery as configured, uTP back", () => {
    expect(routingPreferences(direct, true, "2.11.2")).toEqual({
      proxy_type: "None",
      proxy_username: "",
      proxy_password: "",
      dht: true,
      lsd: true,
      pex: true,
      bittorrent_protocol: 0,
      upnp: false,
    });
    expect(routingPreferences(direct, false, "2.8.19")).toMatchObject({ proxy_type: 0, dht: false });
  });

  it("qBittorrent.conf of an app about to start holds the proxy; routed, DHT/LSD/PeX/uTP are off", async () => {
    const settings = managedSettings(config, "002", true);
    expect(settings).toMatchObject({ dht: false, lsd: false, pex: false, btProtocol: "TCP" });
    expect(managedSettings(config, "002")).toMatchObject({ dht: true, btProtocol: "Both" });
    const text = await wantedConf(undefined, settings, creds, false, routeProxy(gateway));
    const conf = QbittorrentConf.parse(text);
    expect(conf.value("Network", "Proxy\\Type")).toEqual({ type: "string", value: "HTTP" });
    expect(conf.value("Network", "Proxy\\Password")).toEqual({
      type: "string",
      value: "proxy-password-of-some-length",
    });
    // A running app's file is left to the app (the proxy goes through the API, live).
    expect(await wantedConf(text, settings, creds)).toBe(text);
  });

  it("kill-switch on and no vpn-gateway: Blocked, naming the option and the relation", async () => {
    const m = await testModel();
    try {
      m.deploy("qbittorrent", { charm });
      await m.settle();
      expect(m.unitStatus("qbittorrent/0")).toMatchObject({
        status: "blocked",
        message:
          "kill-switch is on and there is no vpn-gateway: juju integrate qbittorrent:vpn-gateway gluetun:vpn-gateway, or juju config qbittorrent kill-switch=false",
      });
      // Related to a gateway, it goes on to start (and here needs its media storage).
      m.deploy("gluetun", { charm: vpnGatewayCharm, metadata: VPN_GATEWAY_CHARM_META });
      m.integrate("qbittorrent:vpn-gateway", "gluetun:vpn-gateway");
      await m.settle();
      expect(m.unitStatus("qbittorrent/0").message).toBe(
        "needs shared media storage: juju integrate qbittorrent media-storage",
      );
      expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    } finally {
      await m.close();
    }
  });
});
