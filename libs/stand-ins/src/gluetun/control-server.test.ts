import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { controlAuth, parseAuthFile } from "./control-auth";
import { type ControlServer, startControlServer } from "./control-server";
import { type HealthServer, startHealthServer } from "./health-server";
import { VpnTunnel } from "./vpn-tunnel";

describe("Gluetun stand-in control and health servers", () => {
  let tunnel: VpnTunnel;
  let control: ControlServer;
  let health: HealthServer;
  let base: string;
  beforeEach(async () => {
    tunnel = new VpnTunnel();
    control = await startControlServer({
      listen: { host: "127.0.0.1", port: 0 },
      auth: controlAuth(parseAuthFile("")),
      tunnel,
      vpnType: "wireguard",
      publicIp: () => "10.244.9.23",
    });
    health = await startHealthServer({ host: "127.0.0.1", port: 0 }, tunnel);
    base = `http://127.0.0.1:${control.port}`;
  });
  afterEach(async () => {
    await control.close();
    await health.close();
  });

  const put = (status: string) =>
    fetch(`${base}/v1/vpn/status`, { method: "PUT", body: JSON.stringify({ status }) });

  it("answers status, public IP and version as text-typed JSON lines", async () => {
    const status = await fetch(`${base}/v1/vpn/status`);
    expect(status.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await status.text()).toBe('{"status":"running"}\n');
    expect(await (await fetch(`${base}/v1/publicip/ip`)).text()).toBe('{"public_ip":"10.244.9.23"}\n');
    expect(await (await fetch(`${base}/v1/version`)).json()).toMatchObject({ version: "v3.41.1" });
    expect(await (await fetch(`${base}/v1/openvpn/status`)).json()).toEqual({ status: "stopped" });
  });

  it("stops and starts the tunnel by PUT, which the status, public IP and health follow", async () => {
    expect((await fetch(`http://127.0.0.1:${health.port}/`)).status).toBe(200);
    expect(await (await put("stopped")).text()).toBe('{"outcome":"stopped"}\n');
    expect(await (await put("stopped")).json()).toEqual({ outcome: "already stopped" });
    expect(await (await fetch(`${base}/v1/vpn/status`)).json()).toEqual({ status: "stopped" });
    expect(await (await fetch(`${base}/v1/publicip/ip`)).json()).toEqual({ public_ip: "" });
    const unhealthy = await fetch(`http://127.0.0.1:${health.port}/`);
    expect(unhealthy.status).toBe(500);
    expect(await unhealthy.text()).toBe("VPN is stopped\n");
    const openvpn = await fetch(`${base}/v1/openvpn/status`, { method: "PUT", body: '{"status":"running"}' });
    expect(await openvpn.json()).toEqual({ outcome: "running" });
    expect(await (await put("running")).json()).toEqual({ outcome: "already running" });
    expect((await fetch(`http://127.0.0.1:${health.port}/`)).status).toBe(200);
  });

  it("answers 400 text to a bad status and an unknown v1 route, 401 to a route no role allows", async () => {
    const bad = await put("paused");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("invalid status: paused\n");
    const notJson = await fetch(`${base}/v1/vpn/status`, { method: "PUT", body: "nope" });
    expect(notJson.status).toBe(400);
    // The public role does not cover /v1/vpn/settings; unknown routes are past auth only when allowed.
    const settings = await fetch(`${base}/v1/vpn/settings`);
    expect(settings.status).toBe(401);
    expect(await settings.text()).toBe("Unauthorized\n");
    expect(tunnel.status).toBe("running");
  });

  it("returns the unknown v1 route error once auth lets the route through", async () => {
    await control.close();
    control = await startControlServer({
      listen: { host: "127.0.0.1", port: 0 },
      auth: controlAuth(
        parseAuthFile('[[roles]]\nname="all"\nauth="none"\nroutes=["PUT /v1/vpn/settings"]\n'),
      ),
      tunnel,
      vpnType: "wireguard",
      publicIp: () => "10.244.9.23",
    });
    const answer = await fetch(`http://127.0.0.1:${control.port}/v1/vpn/settings`, {
      method: "PUT",
      body: "{}",
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toBe("PUT /v1/vpn/settings not found\n");
  });

  it("requires the API key of an apikey role, by header or query, with 401 otherwise", async () => {
    await control.close();
    control = await startControlServer({
      listen: { host: "127.0.0.1", port: 0 },
      auth: controlAuth(
        parseAuthFile('[[roles]]\nname="c"\nauth="apikey"\napikey="k3y"\nroutes=["GET /v1/publicip/ip"]\n'),
      ),
      tunnel,
      vpnType: "wireguard",
      publicIp: () => "10.244.9.23",
    });
    const url = `http://127.0.0.1:${control.port}/v1/publicip/ip`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { "X-API-Key": "k3y" } })).status).toBe(200);
    expect((await fetch(`${url}?api_key=k3y`)).status).toBe(200);
    expect((await fetch(`${url}?api_key=wrong`)).status).toBe(401);
  });
});
