import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { metadata } from "../../testing/events/test-support";
import { eventually, PebbleTestClient } from "../../testing/pebble-server/test-support";
import { ManualClock } from "../model/clock";
import { Model } from "../model/model";
import type { PebbleEvent } from "./pebble-event";
import type { PodProvider, UnitPod } from "./pod-provider";
import { workloadPodProvider } from "./workload-pod-provider";

const WEB_YAML = `name: web
containers: {site: {mounts: [{storage: data, location: /data}]}}
storage: {data: {type: filesystem}}
`;
const CHECK_LAYER = `
checks:
  never:
    override: replace
    period: 100ms
    threshold: 1
    exec: {command: /bin/false}
`;

let dir: string;
let pods: UnitPod[];
let providers: PodProvider[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wpp-"));
  pods = [];
  providers = [];
});

afterEach(async () => {
  await Promise.all(pods.map((pod) => pod.close()));
  await Promise.all(providers.map((provider) => provider.close?.()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(yaml: string, accepts?: () => boolean) {
  const model = new Model({ clock: new ManualClock() });
  const app = model.deploy("web", metadata(yaml));
  const events: PebbleEvent[] = [];
  const provider = workloadPodProvider({ stateDir: dir, ...(accepts ? { accepts } : {}) });
  providers.push(provider);
  const pod = await provider.startPod("web/0", app, (event) => events.push(event));
  pods.push(pod);
  return { pod, events };
}

/** A model with pods on one provider: start them, reach into their containers. */
function cluster() {
  const model = new Model({ clock: new ManualClock(), name: "media" });
  const provider = workloadPodProvider({ stateDir: dir });
  providers.push(provider);
  return {
    model,
    provider,
    async pod(unit: string): Promise<UnitPod> {
      await provider.syncModel?.(model);
      const pod = await provider.startPod(unit, model.app(unit.slice(0, unit.indexOf("/"))), () => undefined);
      pods.push(pod);
      return pod;
    },
    client: (pod: UnitPod) => new PebbleTestClient(join(pod.containerSocketDirs.site ?? "", "pebble.socket")),
  };
}

/** An HTTP server on `port` in the pod's container, serving /data (python's, which binds all addresses). */
async function serve(client: PebbleTestClient, port: number, name: string, body: string) {
  await client.push(`/data/${name}`, body);
  await client.addLayer(
    `serve-${port}`,
    `services: {http-${port}: {override: replace, startup: enabled, command: /usr/bin/python3 -m http.server ${port} --directory /data}}`,
  );
  await client.services("replan");
}

/** Python in a container: what a GET of `url` gives, or the error's class name. */
async function getFrom(client: PebbleTestClient, url: string): Promise<string> {
  const script = `import urllib.request, sys
try:
    print(urllib.request.urlopen(${JSON.stringify(url)}, timeout=5).read().decode(), end="")
except Exception as e:
    print(type(getattr(e, "reason", e)).__name__, end="")`;
  return (await client.exec(["/usr/bin/python3", "-c", script])).stdout;
}

const httpGet = async (url: string) => {
  const response = await fetch(url);
  return response.text();
};

describe("workloadPodProvider", () => {
  it("starts a Pebble per container, raises pebble-ready, and routes notices and checks", async () => {
    const { pod, events } = await start(WEB_YAML);
    expect(events).toEqual([{ kind: "ready", container: "site" }]);
    const socketDir = pod.containerSocketDirs.site ?? "";
    const client = new PebbleTestClient(join(socketDir, "pebble.socket"));
    await client.post("/v1/notices", { action: "add", type: "custom", key: "example.com/ping" });
    const notice = await eventually(() => events.find((e) => e.kind === "custom-notice"));
    expect(notice).toMatchObject({ container: "site", key: "example.com/ping" });
    await client.addLayer("checks", CHECK_LAYER);
    const failed = await eventually(() => events.find((e) => e.kind === "check-failed"));
    expect(failed).toEqual({ kind: "check-failed", container: "site", check: "never" });
    expect((await pod.inspect()).texts[0]?.text).toContain("/bin/false");
  }, 30_000);

  it("shows the leak scanner the containers' files and their storage", async () => {
    const { pod } = await start(WEB_YAML);
    // The unit's state dir keeps its storage under storage/<name>.
    writeFileSync(join(dir, "web-0", "storage", "data", "creds"), "password=hunter2", { mode: 0o600 });
    const { files } = await pod.inspect();
    expect(files).toContainEqual(
      expect.objectContaining({ container: "site", path: "/data/creds", content: "password=hunter2" }),
    );
    expect(files.find((f) => f.path === "/data/creds")?.mode).toBe(0o100600);
  }, 30_000);

  it("stopPebble makes the socket go away; startPebble brings a fresh Pebble and pebble-ready", async () => {
    const { pod, events } = await start(WEB_YAML);
    await pod.faults?.stopPebble("site");
    expect((await pod.inspect()).texts).toEqual([]);
    await pod.faults?.startPebble("site");
    expect(events.filter((e) => e.kind === "ready")).toHaveLength(2);
    expect((await pod.inspect()).texts).toHaveLength(1);
  }, 30_000);

  it("gives an empty pod to charms without containers and to applications it does not accept", async () => {
    for (const { pod, events } of [await start("name: web\n"), await start(WEB_YAML, () => false)]) {
      expect(pod.containerSocketDirs).toEqual({});
      expect(pod.faults).toBeUndefined();
      expect(events).toEqual([]);
    }
  });

  it("runs each pod in a network namespace of its own: two pods of one app serve the same port at their own IPs and reach each other by name", async () => {
    const c = cluster();
    c.model.deploy("web", metadata(WEB_YAML), { units: 2 });
    const [web0, web1] = [await c.pod("web/0"), await c.pod("web/1")];
    expect(web0.address).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(web1.address).not.toBe(web0.address);
    await serve(c.client(web0), 8080, "who", "web/0");
    await serve(c.client(web1), 8080, "who", "web/1");
    await eventually(() => httpGet(`http://${web1.address}:8080/who`).catch(() => undefined));
    // From the engine's own process, straight to the pod IPs.
    expect(await eventually(() => httpGet(`http://${web0.address}:8080/who`).catch(() => undefined))).toBe(
      "web/0",
    );
    expect(await httpGet(`http://${web1.address}:8080/who`)).toBe("web/1");
    // From inside a pod: its own loopback, and the other pod by its stable name.
    expect(await getFrom(c.client(web0), "http://localhost:8080/who")).toBe("web/0");
    expect(await getFrom(c.client(web0), "http://web-1.web-endpoints:8080/who")).toBe("web/1");
    expect(await getFrom(c.client(web0), "http://web-1.web-endpoints.media.svc.cluster.local:8080/who")).toBe(
      "web/1",
    );
    expect(web0.network?.namespacePath).toMatch(/^\/run\/netns\/cmr\d+-web-0-\d+$/);
  }, 60_000);

  it("forwards an app's Service name to its pods on opened ports only", async () => {
    const c = cluster();
    c.model.deploy("web", metadata(WEB_YAML));
    c.model.deploy("client", metadata(WEB_YAML.replace("name: web", "name: client")));
    const [web, client] = [await c.pod("web/0"), await c.pod("client/0")];
    await serve(c.client(web), 8080, "who", "web");
    await serve(c.client(web), 8081, "who", "web");
    await eventually(() => httpGet(`http://${web.address}:8081/who`).catch(() => undefined));
    c.model.unit("web/0").openedPorts.set("", [{ from: 8080, to: 8080, protocol: "tcp" }]);
    await c.provider.syncModel?.(c.model);
    const resolved = (await c.client(client).exec(["getent", "hosts", "web.media.svc.cluster.local"])).stdout;
    expect(resolved).toMatch(/^10\.244\.\d+\.2\d\d\s/);
    expect(await getFrom(c.client(client), "http://web:8080/who")).toBe("web");
    expect(await getFrom(c.client(client), "http://web.media.svc.cluster.local:8080/who")).toBe("web");
    expect(await getFrom(c.client(client), "http://web:8081/who")).toBe("ConnectionRefusedError");
    // The pod itself still answers on 8081: only the Service keeps to the opened ports.
    expect(await getFrom(c.client(client), "http://web-0.web-endpoints:8081/who")).toBe("web");
  }, 60_000);

  it("a recreated pod gets a new IP, and the other pods' names follow it", async () => {
    const c = cluster();
    c.model.deploy("web", metadata(WEB_YAML));
    c.model.deploy("client", metadata(WEB_YAML.replace("name: web", "name: client")));
    const [first, client] = [await c.pod("web/0"), await c.pod("client/0")];
    const lookup = async () =>
      (await c.client(client).exec(["getent", "hosts", "web-0.web-endpoints"])).stdout.split(/\s/)[0];
    expect(await lookup()).toBe(first.address);
    await first.close();
    const second = await c.pod("web/0");
    expect(second.address).not.toBe(first.address);
    expect(await lookup()).toBe(second.address);
  }, 60_000);

  it("checks aimed at localhost reach the pod's loopback", async () => {
    const c = cluster();
    c.model.deploy("web", metadata(WEB_YAML));
    const events: PebbleEvent[] = [];
    await c.provider.syncModel?.(c.model);
    const pod = await c.provider.startPod("web/0", c.model.app("web"), (e) => events.push(e));
    pods.push(pod);
    await serve(c.client(pod), 8080, "health", "ok");
    await c
      .client(pod)
      .addLayer(
        "check",
        "checks: {up: {override: replace, period: 100ms, threshold: 1, http: {url: 'http://localhost:8080/health'}}}",
      );
    await eventually(async () => {
      const checks = (await c.client(pod).get("/v1/checks")).result as {
        name: string;
        status: string;
        successes?: number;
      }[];
      return checks.find((check) => check.name === "up" && (check.successes ?? 0) > 0);
    });
    expect(events.filter((e) => e.kind === "check-failed")).toEqual([]);
  }, 60_000);

  it("leaves no namespace or bridge behind once its pods and the provider closed", async () => {
    const c = cluster();
    c.model.deploy("web", metadata(WEB_YAML));
    const pod = await c.pod("web/0");
    const name = pod.network?.namespacePath.split("/").pop() ?? "";
    const bridge = name.split("-")[0] ?? "";
    expect(readdirSync("/run/netns")).toContain(name);
    await pod.close();
    await c.provider.close?.();
    expect(readdirSync("/run/netns")).not.toContain(name);
    expect(existsSync(`/sys/class/net/${bridge}`)).toBe(false);
  }, 60_000);
});
