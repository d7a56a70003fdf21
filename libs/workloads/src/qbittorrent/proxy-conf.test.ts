import { describe, expect, it } from "vitest";
import { proxyConfValues } from "./proxy-conf";
import type { QbittorrentProxy } from "./proxy-preferences";
import { QbittorrentConf } from "./qbittorrent-conf";

const GLUETUN: QbittorrentProxy = {
  type: "http",
  host: "gluetun.media.svc.cluster.local",
  port: 8888,
  username: "proxy",
  password: 'p w;=,"x',
  peerConnections: true,
  hostnameLookup: true,
  allTraffic: true,
};

const text = (conf: QbittorrentConf, section: string, key: string) => {
  const value = conf.value(section, key);
  return value && "value" in value ? value.value : value;
};

describe("the proxy in qBittorrent.conf", () => {
  it("writes the 4.6+/5.x keys with 4.5's own alongside, the password round-tripping", () => {
    const conf = QbittorrentConf.create().withValues(proxyConfValues(GLUETUN));
    const reread = QbittorrentConf.parse(conf.toString());
    expect(text(reread, "Network", "Proxy\\Type")).toBe("HTTP");
    expect(text(reread, "Network", "Proxy\\IP")).toBe("gluetun.media.svc.cluster.local");
    expect(text(reread, "Network", "Proxy\\Port")).toBe("8888");
    expect(text(reread, "Network", "Proxy\\AuthEnabled")).toBe("true");
    expect(text(reread, "Network", "Proxy\\Username")).toBe("proxy");
    expect(text(reread, "Network", "Proxy\\Password")).toBe('p w;=,"x');
    expect(text(reread, "Network", "Proxy\\Profiles\\BitTorrent")).toBe("true");
    expect(text(reread, "Network", "Proxy\\Profiles\\RSS")).toBe("true");
    expect(text(reread, "Network", "Proxy\\Profiles\\Misc")).toBe("true");
    expect(text(reread, "Network", "Proxy\\OnlyForTorrents")).toBe("false");
    expect(text(reread, "BitTorrent", "Session\\ProxyPeerConnections")).toBe("true");
    expect(text(reread, "BitTorrent", "Session\\ProxyHostnameLookup")).toBe("true");
  });

  it("no proxy: the type None, the address and credentials gone", () => {
    const routed = QbittorrentConf.create().withValues(proxyConfValues(GLUETUN));
    const direct = QbittorrentConf.parse(
      routed.withValues(proxyConfValues({ ...GLUETUN, type: "none" })).toString(),
    );
    expect(text(direct, "Network", "Proxy\\Type")).toBe("None");
    for (const key of ["Proxy\\IP", "Proxy\\Port", "Proxy\\Username", "Proxy\\Password"])
      expect(direct.value("Network", key)).toBeUndefined();
    expect(direct.toString()).not.toContain("p w");
  });

  it("the same proxy again changes nothing", () => {
    const once = QbittorrentConf.create().withValues(proxyConfValues(GLUETUN));
    expect(once.withValues(proxyConfValues(GLUETUN)).toString()).toBe(once.toString());
  });
});
