import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPodNetwork, OWNER_DIR, type PodNetwork, sweepStalePodNetworks } from "./pod-network";

const links = () => readdirSync("/sys/class/net");
const namespaces = () => (existsSync("/run/netns") ? readdirSync("/run/netns") : []);

/** Does a TCP connect from the host (or from inside `netns`) to host:port succeed? */
function canConnect(host: string, port: number, netns?: string): Promise<boolean> {
  if (netns) {
    const script = `require("net").connect(${port}, ${JSON.stringify(host)}).on("connect", () => process.exit(0)).on("error", () => process.exit(1))`;
    return new Promise((resolve) => {
      const child = spawn("nsenter", [`--net=${netns}`, process.execPath, "-e", script], { stdio: "ignore" });
      child.once("exit", (code) => resolve(code === 0));
    });
  }
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A TCP server on `port` (all addresses) inside the namespace; resolves once it listens. */
function serveIn(netns: string, port: number): Promise<() => void> {
  const script = `require("net").createServer((s) => s.on("error", () => {}).end("hi")).listen(${port}, () => console.log("up"))`;
  const child = spawn("nsenter", [`--net=${netns}`, process.execPath, "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once("data", () => resolve(() => child.kill("SIGKILL")));
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
}

describe("pod network", () => {
  const opened: PodNetwork[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((n) => n.close()));
  });

  it("gives each pod its own namespace and address; pods and the host reach each other, and the same port binds in two pods", async () => {
    const net = await createPodNetwork();
    opened.push(net);
    expect(net.cidr).toMatch(/^10\.244\.\d+\.0\/24$/);
    const a = await net.addPod("web/0");
    const b = await net.addPod("web/1");
    expect(a.address).not.toBe(b.address);
    expect(namespaces()).toEqual(expect.arrayContaining([a.name, b.name]));
    const stops = [await serveIn(a.path, 8080), await serveIn(b.path, 8080)];
    try {
      expect(await canConnect(a.address, 8080)).toBe(true);
      expect(await canConnect(b.address, 8080)).toBe(true);
      expect(await canConnect(b.address, 8080, a.path)).toBe(true);
      // Each pod's loopback is its own.
      expect(await canConnect("127.0.0.1", 8080, a.path)).toBe(true);
      expect(await canConnect("127.0.0.1", 8080)).toBe(false);
    } finally {
      for (const stop of stops) stop();
    }
  });

  it("a recreated pod gets a new address", async () => {
    const net = await createPodNetwork();
    opened.push(net);
    const first = await net.addPod("web/0");
    await net.removePod(first);
    const second = await net.addPod("web/0");
    expect(second.address).not.toBe(first.address);
    expect(namespaces()).not.toContain(first.name);
  });

  it("keeps the bridge's MAC address while pods come and go, so the pods' ARP entries for the host stay true", async () => {
    // A Linux bridge takes the lowest MAC of its ports unless it has one of its own: a pod that
    // goes would move it, and the other pods' frames to the host's addresses (the gateway, the
    // Services) would be dropped until their neighbour entries age out (30-60 s of lost SYNs).
    const net = await createPodNetwork();
    opened.push(net);
    const mac = () => readFileSync(`/sys/class/net/${net.bridge}/address`, "utf8").trim();
    const before = mac();
    const pods = [await net.addPod("web/0"), await net.addPod("web/1"), await net.addPod("web/2")];
    expect(mac()).toBe(before);
    for (const pod of pods) {
      await net.removePod(pod);
      expect(mac()).toBe(before);
    }
    await net.addPod("web/3");
    expect(mac()).toBe(before);
    // Locally administered and unicast: never a real card's, never a multicast one.
    expect(Number.parseInt(before.slice(0, 2), 16) & 0b11).toBe(0b10);
  });

  it("two networks in one process take different subnets", async () => {
    const [x, y] = await Promise.all([
      createPodNetwork({ preferredIndex: 77 }),
      createPodNetwork({ preferredIndex: 77 }),
    ]);
    opened.push(x, y);
    expect(x.cidr).not.toBe(y.cidr);
  });

  it("leaves no namespace, bridge or veth behind once closed", async () => {
    const net = await createPodNetwork();
    const pods = [await net.addPod("web/0"), await net.addPod("db/0")];
    const service = await net.addServiceAddress();
    expect(links()).toContain(net.bridge);
    await net.close();
    expect(links().filter((l) => l === net.bridge || l.startsWith(`${net.bridge}v`))).toEqual([]);
    for (const pod of pods) expect(namespaces()).not.toContain(pod.name);
    expect(existsSync(join(OWNER_DIR, net.bridge))).toBe(false);
    expect(execFileSync("ip", ["-br", "addr"], { encoding: "utf8" })).not.toContain(`${service}/`);
  });

  it("sweeps what a killed run left: its namespace, bridge and owner file", async () => {
    // A killed engine: its owner file names a process that is gone.
    const index = 250;
    execFileSync("ip", ["netns", "add", `cmr${index}-web-0-2`]);
    execFileSync("ip", ["link", "add", `cmr${index}`, "type", "bridge"]);
    writeFileSync(join(OWNER_DIR, `cmr${index}`), "999999999 1\n");
    const live = await createPodNetwork();
    opened.push(live);
    // This sweep, or one another test worker's new network ran meanwhile, takes them.
    const swept = sweepStalePodNetworks();
    expect(swept.every((n) => n !== live.index)).toBe(true);
    expect(namespaces()).not.toContain(`cmr${index}-web-0-2`);
    expect(links()).not.toContain(`cmr${index}`);
    expect(existsSync(join(OWNER_DIR, `cmr${index}`))).toBe(false);
    // A live engine's network stays.
    expect(links()).toContain(live.bridge);
  });
});
