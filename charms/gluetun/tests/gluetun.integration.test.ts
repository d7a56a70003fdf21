// Gluetun on the Gluetun stand-in (libs/stand-ins), the charm packed and run as a process in a
// real pod: the credentials only in 0600 files, the tunnel published, rotation restarting Gluetun
// once with new proxy credentials and a new control key, a killed rotation repaired, the
// operator's new VPN key applied.
import { type TestModel, toolsAfterAgentRestart } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DAY,
  deployGluetun,
  gluetunFiles,
  gluetunModel,
  gluetunPebble,
  gluetunStarts,
  type PackedGluetun,
  packGluetun,
  setTunnel,
  throughProxy,
} from "../testing/gluetun-stack";
import { wireguardKey } from "../testing/vpn-client-charm";

describe("gluetun on the stand-in", () => {
  let packed: PackedGluetun;
  let m: TestModel;
  beforeAll(async () => {
    packed = await packGluetun();
  }, 120_000);
  afterAll(() => packed?.close());
  beforeEach(async () => {
    m = await gluetunModel();
  });
  afterEach(async () => {
    await m.close();
  });

  const proxyCredentials = () => m.secret("proxy-credentials", { owner: "gluetun" })!.content();
  const controlKey = () => m.secret("control-api-key", { owner: "gluetun" })!.content()["api-key"]!;
  const podAddress = () => m.agents.pods().get("gluetun/0")!.address!;

  it("runs with the VPN and proxy credentials only in 0600 files; publishes the tunnel and exit IP", async () => {
    const { key, relation } = await deployGluetun(m, packed);
    expect(m.unitStatus("gluetun/0")).toMatchObject({
      status: "active",
      message: expect.stringMatching(/^tunnel up(, exit \S+)?$/),
    });

    const files = await gluetunFiles(m);
    const proxy = proxyCredentials();
    expect(files.get("/run/secrets/wireguard_private_key")).toEqual({ mode: 0o600, content: key });
    expect(files.has("/run/secrets/wireguard_addresses")).toBe(false);
    expect(files.get("/run/secrets/httpproxy_user")).toEqual({ mode: 0o600, content: proxy.username });
    expect(files.get("/run/secrets/httpproxy_password")).toEqual({ mode: 0o600, content: proxy.password });
    expect(files.get("/gluetun/auth/config.toml")?.mode).toBe(0o600);
    expect(files.get("/gluetun/auth/config.toml")?.content).toContain(`apikey = "${controlKey()}"`);
    expect(files.has("/run/secrets/openvpn_user")).toBe(false);

    const pebble = gluetunPebble(m);
    try {
      const plan = await pebble.getPlanYaml();
      expect(plan).toContain("VPN_SERVICE_PROVIDER: mullvad");
      expect(plan).toContain("CHARMARR_SECRET_FILES:");
      // Health every 5 s, failed at the first miss: the kill switch hears of a dead tunnel soon.
      expect(plan).toMatch(/gluetun-ready:[\s\S]*period: 5s[\s\S]*threshold: 1/);
      for (const secret of [key, proxy.password!, controlKey()]) expect(plan).not.toContain(secret);
    } finally {
      pebble.close();
    }

    const bag = m.databag(relation, "gluetun");
    expect(bag).toMatchObject({ "proxy-url": "http://gluetun.media.svc.cluster.local:8888", tunnel: "up" });
    expect(m.unitStatus("vpn-client/0").message).toBe(
      "proxy at gluetun.media.svc.cluster.local:8888, tunnel up",
    );
    // The proxy asks for the login and takes the secret's.
    expect(await throughProxy(podAddress(), undefined)).toBe(407);
    expect(await throughProxy(podAddress(), { username: "charm", password: "not-the-password-123" })).toBe(
      401,
    );
    expect(await throughProxy(podAddress(), proxy as { username: string; password: string })).not.toBe(407);
    expect(m.leaks()).toEqual([]);
  });

  it("publishes the tunnel going down and coming back (update-status), requirers follow", async () => {
    const { relation } = await deployGluetun(m, packed);
    expect(await setTunnel(podAddress(), controlKey(), "stopped")).toBe(200);
    m.advance(5 * 60_000);
    await m.settle();
    expect(m.unitStatus("gluetun/0")).toMatchObject({
      status: "waiting",
      message: expect.stringMatching(/^tunnel down/),
    });
    expect(m.databag(relation, "gluetun").tunnel).toBe("down");
    expect(m.databag(relation, "gluetun")["exit-ip"]).toBeUndefined();
    expect(m.unitStatus("vpn-client/0").message).toMatch(/tunnel down$/);
    // Nobody else may steer it: the control server refuses a request without the key.
    expect(await setTunnel(podAddress(), "not-the-control-key", "running")).toBe(401);
    expect(await setTunnel(podAddress(), controlKey(), "running")).toBe(200);
    m.advance(5 * 60_000);
    await m.settle();
    expect(m.unitStatus("gluetun/0").message).toMatch(/^tunnel up/);
    expect(m.databag(relation, "gluetun").tunnel).toBe("up");
  });

  it("a steady-state hook restarts nothing", async () => {
    await deployGluetun(m, packed);
    const starts = await gluetunStarts(m);
    expect(starts).toBeGreaterThan(0);
    m.advance(5 * 60_000); // update-status
    await m.settle();
    expect(m.unitStatus("gluetun/0").status).toBe("active");
    expect(await gluetunStarts(m)).toBe(starts);
  });

  it("a steady update-status asks Gluetun for the tunnel and reads nothing else: 5 hook tools, the control key its one secret", async () => {
    const { relation, uri } = await deployGluetun(m, packed);
    const { status, message } = m.unitStatus("gluetun/0");
    expect(status).toBe("active");
    const bag = m.databag(relation, "gluetun");
    const starts = await gluetunStarts(m);
    m.kube.api.clearRequests();
    m.advance(5 * 60_000);
    const ran = await m.settle();
    const update = ran.find((h) => h.unit === "gluetun/0" && h.hook === "update-status");
    expect(update?.result).toBe("ok");
    const calls = update?.toolCalls ?? [];
    // Every hook's is-leader and config-get, status-get (the status to keep), the control key to
    // ask Gluetun's control server; no status-set (the status ends as it began).
    expect(calls.map((c) => c.tool).sort()).toEqual([
      "config-get",
      "is-leader",
      "secret-get",
      "secret-info-get",
      "status-get",
    ]);
    const control = m.secret("control-api-key", { owner: "gluetun" })!;
    const secretArgs = calls.filter((c) => c.tool.startsWith("secret-")).map((c) => c.args.join(" "));
    expect(secretArgs.every((args) => args.includes("control-api-key") || args.includes(control.xid))).toBe(
      true,
    );
    // The proxy credentials, the VPN credentials, the relation and the pod change only with events of their own.
    const vpnXid = uri.replace(/^secret:/, "");
    expect(secretArgs.filter((args) => args.includes("proxy-credentials") || args.includes(vpnXid))).toEqual(
      [],
    );
    expect(m.kube.api.requestsOf("gluetun")).toEqual([]);
    expect(m.unitStatus("gluetun/0")).toMatchObject({ status, message });
    expect(m.databag(relation, "gluetun")).toEqual(bag);
    expect(await gluetunStarts(m)).toBe(starts);
    expect(ran.filter((h) => h.result !== "ok")).toEqual([]);
    // As steady: a config-changed that changed nothing since the last full hook (an agent restart).
    expect(await toolsAfterAgentRestart(m, "gluetun/0")).toEqual({
      "gluetun/0": ["config-get", "is-leader", "secret-get", "secret-info-get", "status-get"],
    });
    expect(m.unitStatus("gluetun/0")).toMatchObject({ status, message });
    expect(await gluetunStarts(m)).toBe(starts);
  });

  it("a tunnel gone down with no check to tell is noticed by update-status: published, shown in the status", async () => {
    const { relation } = await deployGluetun(m, packed);
    expect(m.unitStatus("gluetun/0").status).toBe("active");
    // Pebble's health check would fire a hook of its own: stopped, update-status alone can notice.
    const pebble = gluetunPebble(m);
    try {
      expect(await pebble.stopChecks(["gluetun-ready"])).toEqual(["gluetun-ready"]);
    } finally {
      pebble.close();
    }
    expect(await setTunnel(podAddress(), controlKey(), "stopped")).toBe(200);
    m.advance(5 * 60_000);
    const ran = await m.settle();
    expect(ran.filter((h) => h.unit === "gluetun/0").map((h) => h.hook)).toEqual(["update-status"]);
    expect(m.unitStatus("gluetun/0")).toMatchObject({
      status: "waiting",
      message: "tunnel down (VPN stopped)",
    });
    expect(m.databag(relation, "gluetun").tunnel).toBe("down");
    expect(m.databag(relation, "gluetun")["exit-ip"]).toBeUndefined();
    expect(m.unitStatus("vpn-client/0").message).toMatch(/tunnel down$/);
    expect(ran.filter((h) => h.result !== "ok")).toEqual([]);
  });

  it("an exit other than the status says is noticed by update-status: the new one published and shown", async () => {
    const { relation } = await deployGluetun(m, packed);
    const exit = m.databag(relation, "gluetun")["exit-ip"];
    expect(exit).toBeTruthy();
    expect(m.unitStatus("gluetun/0")).toMatchObject({ status: "active", message: `tunnel up, exit ${exit}` });
    // As if the last full hook had seen the tunnel leave from another server (the stand-in's exit
    // is its pod's address, so the past is rewritten instead): still up, but another exit.
    const stale = "192.0.2.7";
    const past = m.model.openContext("gluetun/0", { hook: "" });
    expect(
      (await past.run("relation-set", ["-r", String(relation), "--app", `exit-ip=${stale}`])).exitCode,
    ).toBe(0);
    expect(past.commit()).toEqual({ ok: true });
    m.model.setUnitStatus("gluetun/0", { status: "active", message: `tunnel up, exit ${stale}`, data: {} });
    await m.settle();
    m.advance(5 * 60_000);
    const ran = await m.settle();
    expect(ran.filter((h) => h.unit === "gluetun/0").map((h) => h.hook)).toEqual(["update-status"]);
    expect(m.unitStatus("gluetun/0")).toMatchObject({ status: "active", message: `tunnel up, exit ${exit}` });
    expect(m.databag(relation, "gluetun")["exit-ip"]).toBe(exit);
    expect(ran.filter((h) => h.result !== "ok")).toEqual([]);
  });

  it("rotate-credentials: new proxy password and control key in one restart; the old password refused", async () => {
    const { relation } = await deployGluetun(m, packed);
    const old = proxyCredentials();
    const oldKey = controlKey();
    const starts = await gluetunStarts(m);
    const t0 = Date.now();
    const result = await m.runAction("gluetun/0", "rotate-credentials", {});
    // The action's wall time bounds the outage: stop, start, the proxy answering with the new login.
    console.log(`rotate-credentials took ${Date.now() - t0} ms (Gluetun restarted once)`);
    expect(result.status).toBe("completed");
    expect(await gluetunStarts(m)).toBe(starts + 1);
    await m.settle();
    const now = proxyCredentials();
    expect(now.password).not.toBe(old.password);
    expect(controlKey()).not.toBe(oldKey);
    expect((await gluetunFiles(m)).get("/run/secrets/httpproxy_password")?.content).toBe(now.password);
    expect(await throughProxy(podAddress(), old as { username: string; password: string })).toBe(401);
    expect(await throughProxy(podAddress(), now as { username: string; password: string })).not.toBe(401);
    expect(m.unitStatus("gluetun/0").status).toBe("active");
    // The client follows the new revision.
    const secret = m.secret("proxy-credentials", { owner: "gluetun" })!;
    expect(secret.tracking.get("vpn-client/0")).toBe(secret.latestRevision);
    expect(m.databag(relation, "gluetun").tunnel).toBe("up");
  });

  it("rotates on schedule (monthly by default)", async () => {
    await deployGluetun(m, packed);
    const old = proxyCredentials().password;
    m.advance(32 * DAY);
    await m.settle();
    expect(proxyCredentials().password).not.toBe(old);
    expect(m.hookLog.filter((h) => h.result === "failed")).toEqual([]);
  });

  it("a rotation killed after its last secret-set converges at the next hooks: files, Gluetun, secrets agree", async () => {
    await deployGluetun(m, packed);
    m.advance(32 * DAY); // a first rotation, to find its last secret-set
    await m.settle();
    const rotate = m.hookLog.find((h) => h.unit === "gluetun/0" && h.hook === "secret-rotate")!;
    const lastSet = rotate.toolCalls.map((c) => c.tool).lastIndexOf("secret-set") + 1;
    expect(lastSet).toBeGreaterThan(0);
    // Killed once the proxy's new revision was asked for: Gluetun already runs with the new
    // password and control key, and the hook's secret changes are thrown away.
    m.killHookAfterToolCall({ unit: "gluetun/0", hook: "secret-rotate", n: lastSet });
    m.advance(32 * DAY);
    await m.settle();
    expect(m.hookLog.some((h) => h.hook === "secret-rotate" && h.result === "killed")).toBe(true);
    m.advance(6 * 60_000);
    await m.settle();
    expect(m.hookLog.filter((h) => h.result === "failed")).toEqual([]);
    const proxy = proxyCredentials() as { username: string; password: string };
    const files = await gluetunFiles(m);
    expect(files.get("/run/secrets/httpproxy_password")?.content).toBe(proxy.password);
    expect(files.get("/gluetun/auth/config.toml")?.content).toContain(`apikey = "${controlKey()}"`);
    expect(await throughProxy(podAddress(), proxy)).not.toBe(401);
    expect(m.unitStatus("gluetun/0").status).toBe("active");
  });

  it("a second unit runs no Gluetun", async () => {
    await deployGluetun(m, packed, {}, 2);
    const statuses = ["gluetun/0", "gluetun/1"].map((u) => m.unitStatus(u));
    expect(statuses.filter((s) => s.status === "active")).toHaveLength(1);
    // Blocked (`gluetun runs on the leader only: scale to 1 unit ...`) once its Pebble answers; on
    // the engine today the second pod's rollout after the StatefulSet patch does not finish
    // (updatedReplicas 1 of 2) and it waits for its Pebble.
    expect(statuses.find((s) => s.status !== "active")?.message).toMatch(
      /^(gluetun runs on the leader only: scale to 1 unit \(juju scale-application gluetun 1\)|waiting for Pebble in the gluetun container)$/,
    );
  });

  it("an updated VPN secret restarts Gluetun with the new key (secret-changed)", async () => {
    const { uri } = await deployGluetun(m, packed);
    const next = wireguardKey();
    m.updateUserSecret(uri, { "private-key": next });
    await m.settle();
    const files = await gluetunFiles(m);
    expect(files.get("/run/secrets/wireguard_private_key")?.content).toBe(next);
    expect(m.unitStatus("gluetun/0").status).toBe("active");
  });
});
