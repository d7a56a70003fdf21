// The Gluetun charm's decisions, in-process: what it refuses (config, the operator's VPN secret,
// trust), its own StatefulSet patch, and the proxy credentials it owns and grants. What Gluetun
// reads (files, environment, roles) is checked on the pure functions here; the flows on the
// running stand-in are in the *.integration.test.ts files.
import type { StatefulSet } from "@charmarr/kubernetes";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gluetunCharm } from "../src/gluetun-charm";
import { VPN_CLIENT_METADATA, vpnClientCharm, wireguardKey } from "../testing/vpn-client-charm";

let m: TestModel;
beforeEach(async () => {
  m = await testModel({ name: "media", kubernetes: true });
});
afterEach(async () => {
  await m.close();
});

const charm = () =>
  gluetunCharm({
    kubernetes: () => ({
      env: { KUBERNETES_SERVICE_HOST: m.kube.host, KUBERNETES_SERVICE_PORT: String(m.kube.port) },
      root: m.kube.cluster.serviceAccountDir("gluetun")!,
    }),
  });

/** Deploy gluetun with a WireGuard user secret granted and set, trusted unless told. */
async function deploy(
  config: Record<string, unknown> = {},
  opts: { trust?: boolean; secret?: Record<string, string> | false; grant?: boolean } = {},
) {
  const key = wireguardKey();
  let uri: string | undefined;
  if (opts.secret !== false) {
    uri = m.addUserSecret("vpn", opts.secret ?? { "private-key": key, addresses: "10.64.0.2/32" });
  }
  m.deploy("gluetun", {
    charm: charm(),
    trust: opts.trust ?? true,
    config: { "vpn-provider": "mullvad", ...(uri ? { "vpn-credentials": uri } : {}), ...config },
  });
  if (uri && opts.grant !== false) m.grantSecret(uri, "gluetun");
  await m.settle();
  return { key, uri };
}

const status = () => m.unitStatus("gluetun/0");

describe("gluetun: config", () => {
  it("blocks until vpn-provider is set, naming the command", async () => {
    await deploy({ "vpn-provider": null });
    expect(status()).toMatchObject({ status: "blocked" });
    expect(status().message).toMatch(/^vpn-provider is not set: juju config gluetun vpn-provider=<provider>/);
  });

  it.each([
    ["vpn-type", "ikev2", /invalid config: vpn-type="ikev2" \(allowed: one of wireguard, openvpn\)/],
    ["vpn-provider", "acme-vpn", /invalid config: vpn-provider="acme-vpn" \(allowed: one of airvpn, custom/],
    [
      "cluster-subnets",
      "10.1.0.0/16,10.152.183.0/33",
      /cluster-subnets="10.1.0.0\/16,10.152.183.0\/33" \(allowed: comma-separated CIDRs/,
    ],
    ["cluster-subnets", "10.1.0.0", /cluster-subnets="10.1.0.0" \(allowed: comma-separated CIDRs/],
    ["rotation-interval", "fortnightly", /rotation-interval="fortnightly"/],
  ])("blocks on %s=%s, naming the option, the value and what is allowed", async (option, value, message) => {
    await deploy({ [option]: value });
    expect(status()).toMatchObject({ status: "blocked", message: expect.stringMatching(message) });
  });

  it("takes IPv4 and IPv6 subnets", async () => {
    await deploy({ "cluster-subnets": "10.1.0.0/16, fd00::/8" });
    expect(status().status).not.toBe("blocked");
  });
});

describe("gluetun: the operator's VPN credentials", () => {
  it("vpn-credentials unset: the whole juju command", async () => {
    await deploy({}, { secret: false });
    expect(status()).toMatchObject({
      status: "blocked",
      message:
        "vpn-credentials is not set: juju add-secret <name> private-key=... && juju grant-secret <name> gluetun && juju config gluetun vpn-credentials=secret:<id>",
    });
  });

  it("not granted: juju grant-secret; granting it unblocks", async () => {
    const { uri } = await deploy({}, { grant: false });
    const xid = uri!.slice("secret:".length);
    expect(status()).toMatchObject({
      status: "blocked",
      message: `cannot read vpn-credentials (${uri}): run juju grant-secret ${xid} gluetun (and check the ID with juju secrets)`,
    });
    m.grantSecret(uri!, "gluetun");
    m.config("gluetun", { "server-countries": "Sweden" }); // any hook
    await m.settle();
    expect(status().status).not.toBe("blocked");
  });

  it("a WireGuard key missing: juju update-secret", async () => {
    const { uri } = await deploy({}, { secret: { addresses: "10.64.0.2/32" } });
    expect(status()).toMatchObject({
      status: "blocked",
      message: `secret ${uri} (vpn-credentials) lacks "private-key": juju update-secret ${uri!.slice(7)} private-key=...`,
    });
  });

  it("OpenVPN keys with vpn-type=wireguard (and the other way round): says which type they are", async () => {
    const { uri } = await deploy({}, { secret: { username: "p1234567", password: "openvpn-pass-1234" } });
    const xid = uri!.slice(7);
    expect(status()).toMatchObject({
      status: "blocked",
      message: `secret ${uri} (vpn-credentials) has "username", "password" but vpn-type is wireguard (those are OpenVPN keys): juju config gluetun vpn-type=openvpn, or give WireGuard keys: juju update-secret ${xid} private-key=... [addresses=...]`,
    });
    m.config("gluetun", { "vpn-type": "openvpn" });
    await m.settle();
    expect(status().status).not.toBe("blocked");
  });

  it("WireGuard keys with vpn-type=openvpn", async () => {
    const { uri } = await deploy({ "vpn-type": "openvpn" });
    expect(status().message).toBe(
      `secret ${uri} (vpn-credentials) has "private-key", "addresses" but vpn-type is openvpn (those are WireGuard keys): juju config gluetun vpn-type=wireguard, or give OpenVPN keys: juju update-secret ${uri!.slice(7)} username=... password=...`,
    );
  });

  it("the private key is nowhere the leak scanner looks (logs, argv, relation data, state)", async () => {
    const { key } = await deploy();
    m.deploy("vpn-client", { charm: vpnClientCharm, metadata: VPN_CLIENT_METADATA });
    m.integrate("vpn-client:vpn-gateway", "gluetun:vpn-gateway");
    await m.settle();
    expect(m.leaks()).toEqual([]);
    // The scanner knows the key (user secrets are secret content); nothing printed it.
    expect(m.hookLog.flatMap((h) => h.output).join("\n")).not.toContain(key);
  });
});

describe("gluetun: NET_ADMIN and /dev/net/tun", () => {
  it("without trust: Blocked with the juju trust command; trust patches its own StatefulSet once", async () => {
    await deploy({}, { trust: false });
    expect(status()).toMatchObject({
      status: "blocked",
      message: "needs cluster trust: juju trust gluetun --scope=cluster",
    });
    m.trust("gluetun");
    await m.settle();
    const sts = m.kube.cluster.getStatefulSet("media", "gluetun") as unknown as StatefulSet;
    const spec = sts?.spec.template.spec;
    const container = spec?.containers.find((c) => c.name === "gluetun");
    expect(container?.securityContext).toEqual({ capabilities: { add: ["NET_ADMIN"] } });
    expect(container?.volumeMounts).toContainEqual({ name: "dev-net-tun", mountPath: "/dev/net/tun" });
    expect(spec?.volumes).toContainEqual({
      name: "dev-net-tun",
      hostPath: { path: "/dev/net/tun", type: "CharDevice" },
    });
    // Juju's own containers and volumes are untouched.
    expect(spec?.containers.find((c) => c.name === "charm")?.securityContext).toBeUndefined();
    expect(m.kube.api.requestsOf("gluetun").filter((r) => r.method === "PATCH")).toHaveLength(1);

    // Steady state: one GET (its own pod), no patch.
    const before = m.kube.api.requestsOf("gluetun").length;
    m.advance(5 * 60_000);
    await m.settle();
    expect(
      m.kube.api
        .requestsOf("gluetun")
        .slice(before)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(["GET /api/v1/namespaces/media/pods/gluetun-0"]);
  });
});

describe("gluetun: proxy credentials", () => {
  it("owns proxy-credentials and the control API key; grants only the proxy's, only to related apps", async () => {
    await deploy();
    m.deploy("vpn-client", { charm: vpnClientCharm, metadata: VPN_CLIENT_METADATA });
    m.deploy("bystander", { charm: vpnClientCharm, metadata: VPN_CLIENT_METADATA });
    const rel = m.integrate("vpn-client:vpn-gateway", "gluetun:vpn-gateway");
    await m.settle();

    const proxy = m.secret("proxy-credentials", { owner: "gluetun" })!;
    expect(proxy).toBeDefined();
    const content = proxy.content();
    expect(content.username).toBe("charm");
    expect(content.password).toMatch(/^[A-Za-z0-9_-]{32}$/); // no ':' (Gluetun splits on it)
    expect(proxy.rotatePolicy).toBe("monthly");
    expect(proxy.grants.map((g) => g.app)).toEqual(["vpn-client"]);

    const control = m.secret("control-api-key", { owner: "gluetun" })!;
    expect(control.grants).toEqual([]);
    expect(control.rotatePolicy ?? "never").toBe("never");

    expect(m.databag(rel.id, "gluetun")).toEqual({
      "proxy-url": "http://gluetun.media.svc.cluster.local:8888",
      "proxy-credentials-secret-id": proxy.id,
      tunnel: "down",
    });
    expect(m.unitStatus("vpn-client/0")).toMatchObject({
      status: "active",
      message: "proxy at gluetun.media.svc.cluster.local:8888, tunnel down",
    });
    expect(m.unitStatus("bystander/0").status).toBe("waiting");

    m.removeRelation(rel);
    await m.settle();
    expect(m.secret("proxy-credentials", { owner: "gluetun" })!.grants).toEqual([]);
  });

  it("rotation-interval changes the policy; the control key stays never", async () => {
    await deploy();
    m.config("gluetun", { "rotation-interval": "weekly" });
    await m.settle();
    expect(m.secret("proxy-credentials", { owner: "gluetun" })!.rotatePolicy).toBe("weekly");
    expect(m.secret("control-api-key", { owner: "gluetun" })!.rotatePolicy ?? "never").toBe("never");
  });

  it("two units: the secrets are the application's, kept across a leader change", async () => {
    const key = wireguardKey();
    const uri = m.addUserSecret("vpn", { "private-key": key });
    m.deploy("gluetun", {
      charm: charm(),
      trust: true,
      units: 2,
      config: { "vpn-provider": "mullvad", "vpn-credentials": uri },
    });
    m.grantSecret(uri, "gluetun");
    await m.settle();
    // One application-owned secret each, whichever unit leads.
    expect(
      m
        .secrets({ owner: "gluetun" })
        .map((s) => s.label)
        .sort(),
    ).toEqual(["control-api-key", "proxy-credentials"]);
    m.setLeader("gluetun/1");
    await m.settle();
    expect(m.secrets({ owner: "gluetun" })).toHaveLength(2);
  });
});
