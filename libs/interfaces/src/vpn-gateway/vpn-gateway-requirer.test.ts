// Both sides over the engine, in-process: a gateway that grants real proxy credentials and
// reports the tunnel its test sets, a hostile app that publishes whatever its config says, and
// a consumer reporting what readVpnGateway answers.
import { declareMetadata, defineCharm } from "@charmarr/charm";
import { credentialsContent, ownedSecret } from "@charmarr/secrets";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { provideVpnGateway, type VpnGatewayState } from "./vpn-gateway-provider";
import { readVpnGateway } from "./vpn-gateway-requirer";

let state: VpnGatewayState = { tunnel: "up", exitIp: "198.51.100.7" };

const GATEWAY_META = {
  name: "gluetun",
  config: { options: { "rotation-interval": { type: "string" as const, default: "monthly" } } },
  provides: { "vpn-gateway": { interface: "vpn-gateway" } },
};
const HOSTILE_META = {
  name: "rogue",
  config: { options: { data: { type: "string" as const, default: "{}" } } },
  provides: { "vpn-gateway": { interface: "vpn-gateway" } },
};
const CONSUMER_META = {
  name: "qbittorrent",
  requires: { "vpn-gateway": { interface: "vpn-gateway", limit: 1 } },
};

const proxyCredentials = ownedSecret({
  label: "proxy-credentials",
  description: "test proxy credentials",
  schema: credentialsContent,
  generate: () => ({ username: "proxy", password: `pw-${Math.random().toString(36).slice(2)}` }),
  // The proxy takes whatever it is given: this test is about the relation, not the app.
  workload: async () => ({
    apply: async (next) => {
      live = next;
    },
    accepts: async (value) => value.password === live?.password,
    readLive: async () => live,
  }),
});
let live: { username: string; password: string } | undefined;

const gateway = defineCharm({
  metadata: declareMetadata<{ "rotation-interval": string }>(GATEWAY_META),
  features: [proxyCredentials.feature],
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    const found = await proxyCredentials.get(ctx);
    if (!found.ok) return ctx.status.waiting(found.reason);
    await provideVpnGateway(ctx, found.secret, state);
    ctx.status.active();
  },
});

// Publishes the JSON object in its `data` option as its app data, as a compromised app could.
const hostile = defineCharm({
  metadata: declareMetadata<{ data: string }>(HOSTILE_META),
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    for (const relation of await ctx.relations("vpn-gateway"))
      await relation.setAppData(JSON.parse(ctx.config.data) as Record<string, string>);
    ctx.status.active();
  },
});

const consumer = defineCharm({
  metadata: declareMetadata(CONSUMER_META),
  async reconcile(ctx) {
    const gw = await readVpnGateway(ctx);
    if (!gw.ok) return ctx.status.waiting(gw.reason);
    const { host, port, credentials } = gw.proxy;
    ctx.status.active(
      `${host}:${port} as ${credentials.username}, tunnel ${gw.tunnel}, exit ${gw.exitIp ?? "?"}`,
    );
  },
});

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
  state = { tunnel: "up", exitIp: "198.51.100.7" };
  live = undefined;
});
afterEach(() => m.close());

const proxySecretOf = (app: string) => m.secrets({ owner: app }).find((s) => s.label === "proxy-credentials");

describe("vpn-gateway", () => {
  it("without the relation: the requirer says so", async () => {
    m.deploy("qbittorrent", { charm: consumer, metadata: CONSUMER_META });
    await m.settle();
    expect(m.unitStatus("qbittorrent/0")).toMatchObject({
      status: "waiting",
      message: "no vpn-gateway relation",
    });
  });

  it("the consumer gets the gateway's Service, credentials and tunnel; a tunnel going down reaches it", async () => {
    m.deploy("gluetun", { charm: gateway, metadata: GATEWAY_META });
    m.deploy("qbittorrent", { charm: consumer, metadata: CONSUMER_META });
    const rel = m.integrate("qbittorrent:vpn-gateway", "gluetun:vpn-gateway");
    await m.settle();
    const secret = proxySecretOf("gluetun");
    expect(m.databag(rel.id, "gluetun")).toEqual({
      "proxy-url": `http://gluetun.${m.model.name}.svc.cluster.local:8888`,
      "proxy-credentials-secret-id": secret?.id,
      tunnel: "up",
      "exit-ip": "198.51.100.7",
    });
    expect(m.unitStatus("qbittorrent/0")).toMatchObject({
      status: "active",
      message: `gluetun.${m.model.name}.svc.cluster.local:8888 as «redacted», tunnel up, exit 198.51.100.7`,
    });
    state = { tunnel: "down" };
    m.advance(5 * 60_000); // update-status
    await m.settle();
    expect(m.databag(rel.id, "gluetun")).not.toHaveProperty("exit-ip");
    expect(m.unitStatus("qbittorrent/0").message).toContain("tunnel down, exit ?");
  });

  it("a proxy URL pointing elsewhere is ignored with a warning", async () => {
    m.deploy("gluetun", { charm: gateway, metadata: GATEWAY_META });
    m.deploy("rogue", { charm: hostile, metadata: HOSTILE_META });
    m.deploy("qbittorrent", { charm: consumer, metadata: CONSUMER_META });
    const rel = m.integrate("qbittorrent:vpn-gateway", "rogue:vpn-gateway");
    await m.settle();
    // The rogue app claims Gluetun's Service and secret: the host is not its own.
    m.config("rogue", {
      data: JSON.stringify({
        "proxy-url": `http://gluetun.${m.model.name}.svc.cluster.local:8888`,
        "proxy-credentials-secret-id": "secret:d4m7e6ig9ohk1b2qb0rg",
        tunnel: "up",
      }),
    });
    await m.settle();
    expect(m.unitStatus("qbittorrent/0")).toMatchObject({
      status: "waiting",
      message: `rogue's proxy URL on vpn-gateway:${rel.id} is not rogue's own Service; ignoring it`,
    });
    expect(
      m.logs("qbittorrent/0").some((r) => r.message.includes("not the related application's Service")),
    ).toBe(true);
  });

  it("a secret ID of another app is refused, naming it; garbage is ignored", async () => {
    m.deploy("gluetun", { charm: gateway, metadata: GATEWAY_META });
    m.deploy("qbittorrent", { charm: consumer, metadata: CONSUMER_META });
    m.deploy("sabnzbd", { charm: consumer, metadata: { ...CONSUMER_META, name: "sabnzbd" } });
    m.integrate("sabnzbd:vpn-gateway", "gluetun:vpn-gateway"); // sabnzbd learns the secret's ID
    m.deploy("rogue", { charm: hostile, metadata: HOSTILE_META });
    const rel = m.integrate("qbittorrent:vpn-gateway", "rogue:vpn-gateway");
    await m.settle();
    const stolen = proxySecretOf("gluetun")?.id;
    m.config("rogue", {
      data: JSON.stringify({
        "proxy-url": `http://rogue.${m.model.name}.svc.cluster.local:8888`,
        "proxy-credentials-secret-id": stolen,
        tunnel: "up",
      }),
    });
    await m.settle();
    // Granted to sabnzbd only: qbittorrent waits on rogue and never reads it. (Granted or not, a
    // secret that is not rogue's own is refused: owned-secret.test.ts "provenance".)
    expect(m.unitStatus("qbittorrent/0")).toMatchObject({
      status: "waiting",
      message: `waiting for rogue to grant access to its secret on vpn-gateway:${rel.id}`,
    });
    m.config("rogue", {
      data: JSON.stringify({ "proxy-url": "http://x:8888/\r\nevil", tunnel: "sideways" }),
    });
    await m.settle();
    expect(m.unitStatus("qbittorrent/0").status).toBe("waiting");
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
  });
});
