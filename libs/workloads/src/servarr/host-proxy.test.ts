import { describe, expect, it } from "vitest";
import { hostProxyFields, withHostProxy } from "./host-proxy";
import type { HostConfig } from "./resources";

const HOST: HostConfig = {
  id: 1,
  bindAddress: "*",
  port: 9696,
  apiKey: "k".repeat(32),
  authenticationMethod: "none",
  authenticationRequired: "enabled",
  proxyEnabled: false,
  proxyType: "http",
  proxyHostname: "",
  proxyPort: 8080,
  proxyUsername: "",
  proxyPassword: "",
  proxyBypassFilter: "*.example.org",
  proxyBypassLocalAddresses: true,
};
const PROXY = {
  host: "gluetun.media.svc.cluster.local",
  port: 8888,
  username: "proxy",
  password: "secret-pw",
};

describe("a Servarr app's outbound proxy", () => {
  it("an authenticated HTTP proxy, local addresses bypassing it, the operator's filter kept", () => {
    const next = withHostProxy(HOST, PROXY);
    expect(next).toEqual({
      ...HOST,
      proxyEnabled: true,
      proxyHostname: PROXY.host,
      proxyPort: 8888,
      proxyUsername: "proxy",
      proxyPassword: "secret-pw",
    });
    // Already so: nothing to PUT.
    expect(withHostProxy(next as HostConfig, PROXY)).toBeUndefined();
    // A new password (a rotation): PUT again.
    expect(withHostProxy(next as HostConfig, { ...PROXY, password: "next" })?.proxyPassword).toBe("next");
  });

  it("no proxy: disabled, its credentials cleared", () => {
    const routed = withHostProxy(HOST, PROXY) as HostConfig;
    expect(withHostProxy(routed, undefined)).toMatchObject({
      proxyEnabled: false,
      proxyUsername: "",
      proxyPassword: "",
    });
    expect(hostProxyFields(undefined)).toEqual({ proxyEnabled: false, proxyUsername: "", proxyPassword: "" });
    expect(withHostProxy(HOST, undefined)).toBeUndefined();
    // A fresh app answers null for texts it never had (nullable in the OpenAPI): already no proxy.
    expect(withHostProxy({ ...HOST, proxyUsername: null, proxyPassword: null }, undefined)).toBeUndefined();
  });
});
