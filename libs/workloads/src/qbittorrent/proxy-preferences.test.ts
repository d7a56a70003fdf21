import { describe, expect, it } from "vitest";
import {
  namesProxyTypes,
  parseWebApiVersion,
  proxyFromPreferences,
  proxyPreferences,
  type QbittorrentProxy,
} from "./proxy-preferences";

const GLUETUN: QbittorrentProxy = {
  type: "http",
  host: "gluetun",
  port: 8888,
  username: "u",
  password: "p",
  peerConnections: true,
  hostnameLookup: true,
  allTraffic: false,
};

describe("proxy preferences per WebAPI version (specs/app-apis.md §i)", () => {
  it("tells the versions apart", () => {
    expect(parseWebApiVersion("2.8.19")).toEqual([2, 8, 19]);
    expect(parseWebApiVersion("v2.11")).toEqual([2, 11, 0]);
    expect(namesProxyTypes("2.8.19")).toBe(false); // 4.5.x
    expect(namesProxyTypes("2.9.2")).toBe(true); // 4.6.0
    expect(namesProxyTypes("2.11.2")).toBe(true); // 5.0.0
    expect(namesProxyTypes("3.0")).toBe(true);
    expect(() => parseWebApiVersion("Forbidden")).toThrow(TypeError);
  });

  it("writes the 4.5 integer types, auth folded into the type", () => {
    expect(proxyPreferences(GLUETUN, "2.8.19")).toEqual({
      proxy_type: 3,
      proxy_ip: "gluetun",
      proxy_port: 8888,
      proxy_username: "u",
      proxy_password: "p",
      proxy_peer_connections: true,
      proxy_hostname_lookup: true,
      proxy_torrents_only: true,
    });
    expect(proxyPreferences({ ...GLUETUN, username: undefined }, "2.8.19").proxy_type).toBe(1);
    expect(proxyPreferences({ ...GLUETUN, type: "socks5" }, "2.8.19").proxy_type).toBe(4);
    expect(proxyPreferences({ ...GLUETUN, type: "socks4" }, "2.8.19").proxy_type).toBe(5);
    expect(proxyPreferences({ ...GLUETUN, type: "none" }, "2.8.19").proxy_type).toBe(0);
  });

  it("writes the 4.6+/5.x names with explicit auth and scope", () => {
    expect(proxyPreferences(GLUETUN, "2.11.2")).toEqual({
      proxy_type: "HTTP",
      proxy_ip: "gluetun",
      proxy_port: 8888,
      proxy_auth_enabled: true,
      proxy_username: "u",
      proxy_password: "p",
      proxy_hostname_lookup: true,
      proxy_bittorrent: true,
      proxy_peer_connections: true,
      proxy_rss: false,
      proxy_misc: false,
    });
    // SOCKS4 has no authentication.
    expect(proxyPreferences({ ...GLUETUN, type: "socks4" }, "2.11.2")).toMatchObject({
      proxy_type: "SOCKS4",
      proxy_auth_enabled: false,
      proxy_username: "",
      proxy_password: "",
    });
  });

  it("reads back what it wrote, for both formats", () => {
    for (const version of ["2.8.19", "2.11.2"]) {
      for (const proxy of [
        GLUETUN,
        { ...GLUETUN, type: "socks5" as const, allTraffic: true },
        { ...GLUETUN, username: undefined, password: undefined },
      ]) {
        const written = proxyPreferences(proxy, version);
        const expected = { ...proxy };
        if (!expected.username) {
          delete expected.username;
          delete expected.password;
        }
        expect(proxyFromPreferences(written, version)).toEqual(expected);
      }
    }
  });

  it("reads an unknown type as no proxy, and refuses a bad port", () => {
    expect(proxyFromPreferences({ proxy_type: "Magic" }, "2.11.2").type).toBe("none");
    expect(proxyFromPreferences({ proxy_type: 9 }, "2.8.19").type).toBe("none");
    expect(() => proxyPreferences({ ...GLUETUN, port: 70000 }, "2.8.19")).toThrow(TypeError);
  });
});
