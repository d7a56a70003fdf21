import { describe, expect, it } from "vitest";
import { proxyUrlField, serviceHostsOf, vpnProxyUrl } from "./vpn-gateway-data";

describe("proxyUrlField", () => {
  it.each([
    "http://gluetun.media.svc.cluster.local:8888",
    "http://gluetun:8888/",
    "http://10.244.1.5:8888",
  ])("takes %s", (url) => {
    expect(proxyUrlField.safeParse(url).success).toBe(true);
  });

  it.each([
    ["no port", "http://gluetun"],
    ["https", "https://gluetun:8888"],
    ["credentials", "http://u:p@gluetun:8888"],
    ["a path", "http://gluetun:8888/x"],
    ["a query", "http://gluetun:8888/?a=b"],
    ["a fragment", "http://gluetun:8888#f"],
    ["a newline", "http://gluetun:8888\n"],
    ["socks", "socks5://gluetun:1080"],
    ["not a URL", "gluetun:8888"],
    ["too long", `http://${"a".repeat(3000)}:8888`],
  ])("refuses %s", (_why, url) => {
    expect(proxyUrlField.safeParse(url).success).toBe(false);
  });
});

describe("the proxy's host", () => {
  it("is the provider's own Service, by every name Kubernetes gives it", () => {
    expect(serviceHostsOf("gluetun", "media")).toEqual([
      "gluetun",
      "gluetun.media",
      "gluetun.media.svc",
      "gluetun.media.svc.cluster.local",
    ]);
    expect(vpnProxyUrl("vpn", "media")).toBe("http://vpn.media.svc.cluster.local:8888");
  });
});
