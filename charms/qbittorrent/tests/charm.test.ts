// The qBittorrent charm's decisions, in-process: what goes into qBittorrent.conf, and the config
// it refuses. The flows on the real app are in the *.integration.test.ts files.
import { downloaderConfigScenarios } from "@charmarr/app-charm/testing";
import { declareMetadata, defineCharm } from "@charmarr/charm";
import { testModel } from "@charmarr/testing";
import { QbittorrentConf } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import charm from "../src/charm";
import { type QbittorrentConfig, qbittorrentOptions, WEBUI_PORT } from "../src/qbittorrent-config";
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
