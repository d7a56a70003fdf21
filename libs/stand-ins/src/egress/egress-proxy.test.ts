import { OutboundUnreachableError, outboundRequest } from "@charmarr/charm";
import { ManualClock } from "@charmarr/engine";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLAIM_PRODUCT_HEADERS, type PlexTvStandIn, startPlexTvStandIn } from "../plex/plex-tv-claim";
import { type EgressProxy, startEgressProxy } from "./egress-proxy";
import { createTestCertificateAuthority, type TestCertificateAuthority } from "./test-certificates";

// The charm framework's outbound call, through a proxy as the model's juju-https-proxy names it,
// to the plex.tv stand-in over TLS checked against a test CA.

let ca: TestCertificateAuthority;
beforeAll(() => {
  ca = createTestCertificateAuthority();
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function plexTvBehindProxy(): Promise<{ plexTv: PlexTvStandIn; proxy: EgressProxy }> {
  const plexTv = await startPlexTvStandIn({ clock: new ManualClock(), tls: ca.issue(["plex.tv"]) });
  closers.push(() => plexTv.close());
  const proxy = await startEgressProxy({
    routes: { "plex.tv:443": { host: "127.0.0.1", port: plexTv.port } },
  });
  closers.push(() => proxy.close());
  return { plexTv, proxy };
}

const exchange = (claim: string, proxyPort: number, extraCa?: string[]) =>
  outboundRequest({
    method: "POST",
    url: `https://plex.tv/api/claim/exchange?token=${claim}`,
    headers: { "X-Plex-Client-Identifier": "b".repeat(40), ...CLAIM_PRODUCT_HEADERS },
    proxy: { https: `http://127.0.0.1:${proxyPort}`, noProxy: ["127.0.0.1", "localhost"] },
    timeoutMs: 5_000,
    ...(extraCa ? { extraCa } : {}),
  });

describe("egress proxy and outbound calls", () => {
  it("tunnels https://plex.tv through the proxy, TLS checked against the trusted CA", async () => {
    const { plexTv, proxy } = await plexTvBehindProxy();
    const response = await exchange(plexTv.issueClaimToken(), proxy.port, [ca.cert]);
    expect(response.status).toBe(200);
    expect(response.body).toContain(
      `<authentication-token>${plexTv.claims()[0]!.serverToken}</authentication-token>`,
    );
    expect(proxy.connects()).toEqual(["plex.tv:443"]);
  });

  it("refuses a certificate the store does not trust, without the query in the error", async () => {
    const { plexTv, proxy } = await plexTvBehindProxy();
    const claim = plexTv.issueClaimToken();
    const error = await exchange(claim, proxy.port).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundUnreachableError);
    expect(String(error)).not.toContain(claim);
    expect(String(error)).toContain("https://plex.tv/api/claim/exchange");
    expect(plexTv.claims()).toEqual([]);
  });

  it("reports a proxy that refuses or cannot reach the destination as unreachable", async () => {
    const { plexTv, proxy } = await plexTvBehindProxy();
    proxy.setOffline(true);
    await expect(exchange(plexTv.issueClaimToken(), proxy.port, [ca.cert])).rejects.toThrow(/503/);
    const other = await outboundRequest({
      method: "GET",
      url: "https://example.com/",
      proxy: { https: `http://127.0.0.1:${proxy.port}`, noProxy: [] },
    }).catch((e: unknown) => e);
    expect(String(other)).toMatch(/403|503/);
    await proxy.close();
    await expect(exchange(plexTv.issueClaimToken(), proxy.port, [ca.cert])).rejects.toBeInstanceOf(
      OutboundUnreachableError,
    );
  });
});
