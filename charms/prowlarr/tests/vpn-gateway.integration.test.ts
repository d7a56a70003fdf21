// Prowlarr behind a VPN gateway, the charm packed and run as a process on the Prowlarr stand-in:
// its outbound proxy set live in /config/host from the gateway's data and granted credentials,
// each rotation of those credentials applied with no restart, the relation removed: no proxy.
// The gateway is a test charm (@charmarr/interfaces/testing).
import {
  gatewayProxyCredentials,
  VPN_GATEWAY_CHARM_META,
  vpnGatewayCharm,
} from "@charmarr/interfaces/testing";
import type { TestModel } from "@charmarr/testing";
import { ProwlarrClient } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import { DAY, deployServarr, failedHooks, secretKey, servarrTestFile } from "../testing/stack";

const file = servarrTestFile(["prowlarr"]);

async function hostConfig(m: TestModel) {
  const { address } = m.model.unit("prowlarr/0");
  const client = new ProwlarrClient({ url: `http://${address}:9696`, apiKey: secretKey(m, "prowlarr") });
  return client.hostConfig();
}

function proxyCredentials(m: TestModel) {
  const content = m.secret("proxy-credentials", { owner: "gluetun" })?.content();
  if (!content?.username || !content.password) throw new Error("gluetun has no proxy-credentials");
  return { username: content.username, password: content.password };
}

describe("Prowlarr behind a VPN gateway", () => {
  it("routes through the gateway's proxy, follows its rotations live, and drops it with the relation", async () => {
    const m = file.m;
    deployServarr(m, file.packed, "prowlarr");
    m.deploy("gluetun", { charm: vpnGatewayCharm, metadata: VPN_GATEWAY_CHARM_META });
    await m.settle();
    expect(await hostConfig(m)).toMatchObject({ proxyEnabled: false });
    expect(m.unitStatus("prowlarr/0")).toMatchObject({ status: "active", message: "" });

    const relation = m.integrate("prowlarr:vpn-gateway", "gluetun:vpn-gateway");
    await m.settle();
    const first = proxyCredentials(m);
    expect(await hostConfig(m)).toMatchObject({
      proxyEnabled: true,
      proxyType: "http",
      proxyHostname: `gluetun.${m.model.name}.svc.cluster.local`,
      proxyPort: 8888,
      proxyUsername: first.username,
      proxyPassword: first.password,
      proxyBypassLocalAddresses: true,
    });
    expect(m.unitStatus("prowlarr/0")).toMatchObject({
      status: "active",
      message: "indexers through gluetun (exit 198.51.100.7)",
    });

    // The tunnel down: said so.
    m.config("gluetun", { tunnel: "down" });
    await m.settle();
    expect(m.unitStatus("prowlarr/0")).toMatchObject({
      status: "waiting",
      message: "VPN tunnel down on gluetun: indexer searches fail until it is up",
    });
    m.config("gluetun", { tunnel: "up" });
    await m.settle();

    // A rotation of the proxy credentials: one secret-changed hook on Prowlarr applies it.
    const before = m.hookLog.length;
    m.advance(31 * DAY); // gluetun rotates monthly
    await m.settle();
    const next = proxyCredentials(m);
    expect(next.password).not.toBe(first.password);
    expect(gatewayProxyCredentials.get("gluetun")?.password).toBe(next.password);
    const hooks = m.hookLog
      .slice(before)
      .filter((h) => h.unit === "prowlarr/0")
      .map((h) => h.hook);
    console.log(`proxy credential rotation: prowlarr hooks ${JSON.stringify(hooks)}`);
    expect(hooks).toContain("secret-changed");
    expect(await hostConfig(m)).toMatchObject({ proxyEnabled: true, proxyPassword: next.password });

    m.removeRelation(relation);
    await m.settle();
    expect(await hostConfig(m)).toMatchObject({ proxyEnabled: false, proxyUsername: "", proxyPassword: "" });
    expect(m.unitStatus("prowlarr/0")).toMatchObject({ status: "active", message: "" });
    expect(failedHooks(m.hookLog)).toEqual([]);
  });
});
