import { describe, expect, it } from "vitest";
import { modelProxyFromEnv, proxyFor } from "./model-proxy";

describe("model proxy", () => {
  const proxy = modelProxyFromEnv({
    JUJU_CHARM_HTTP_PROXY: "http://squid:3128",
    JUJU_CHARM_HTTPS_PROXY: "http://squid:3129",
    JUJU_CHARM_NO_PROXY: "127.0.0.1,localhost, ::1,.svc.cluster.local,example.org,10.0.0.0/8",
  });

  it("reads Juju's JUJU_CHARM_* variables, empty ones as unset", () => {
    expect(proxy.https).toBe("http://squid:3129");
    expect(modelProxyFromEnv({ JUJU_CHARM_HTTPS_PROXY: "", JUJU_CHARM_NO_PROXY: "" })).toEqual({
      noProxy: [],
    });
  });

  it("picks the proxy by scheme and exempts no-proxy hosts, domains and CIDRs", () => {
    expect(proxyFor(new URL("https://plex.tv/api/claim/exchange"), proxy)).toBe("http://squid:3129");
    expect(proxyFor(new URL("http://plex.tv/"), proxy)).toBe("http://squid:3128");
    for (const direct of [
      "http://localhost:32400/identity",
      "http://127.0.0.1:32400/",
      "http://[::1]:32400/",
      "http://radarr.media.svc.cluster.local:7878/",
      "https://example.org/",
      "https://www.example.org/",
      "http://10.1.2.3/",
    ]) {
      expect(proxyFor(new URL(direct), proxy), direct).toBeUndefined();
    }
    expect(proxyFor(new URL("https://notexample.org/"), proxy)).toBe("http://squid:3129");
    expect(proxyFor(new URL("http://11.1.2.3/"), proxy)).toBe("http://squid:3128");
    expect(proxyFor(new URL("https://plex.tv/"), { ...proxy, noProxy: ["*"] })).toBeUndefined();
    expect(proxyFor(new URL("https://plex.tv/"), { noProxy: [] })).toBeUndefined();
  });
});
