import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// A model's pod network on this machine: a Linux bridge `cmr<n>` in the host namespace holding
// the gateway 10.244.<n>.1/24, and per pod a network namespace `cmr<n>-<unit>-<host>` joined to
// the bridge by a veth pair (`cmr<n>v<host>` on the bridge, `eth0` in the pod). No default route,
// no forwarding, no NAT: pods reach each other, the host's addresses on the bridge (the gateway and
// Service addresses), and nothing else. `<n>` (1-254) is taken with an owner file under
// /run/charmarr-net, written before the bridge exists, so concurrent engines (vitest workers)
// never share a subnet and a sweep can tell a killed run's leftovers from a live engine's.

/** Where owner files live: /run is a tmpfs, emptied on reboot like the namespaces themselves. */
export const OWNER_DIR = "/run/charmarr-net";
const NETNS_DIR = "/run/netns";
const PREFIX = "cmr";
/** 10.244.0.0/16, the Kubernetes pod CIDR most clusters show; one /24 per network. */
const BASE = "10.244";
const FIRST_POD_HOST = 2;
const LAST_POD_HOST = 199;
const FIRST_SERVICE_HOST = 200;
const LAST_SERVICE_HOST = 254;

export class PodNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PodNetworkError";
  }
}

const NEEDS_ROOT =
  "pods with real workloads get network namespaces of their own, which needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN for `ip netns`): run the engine as root, or start the pod provider with `network: false` (host network, apps on per-unit 127.x addresses)";

/** One pod's namespace on the network. */
export interface PodNamespace {
  readonly name: string;
  /** `/run/netns/<name>`: what `nsenter --net=` takes. */
  readonly path: string;
  /** The pod IP. */
  readonly address: string;
}

export interface PodNetwork {
  /** 1-254: the third octet of the subnet and the bridge's number. */
  readonly index: number;
  readonly bridge: string;
  /** The host's address on the bridge (pods reach the engine's own servers there). */
  readonly gateway: string;
  /** `10.244.<n>.0/24`. */
  readonly cidr: string;
  /** A fresh namespace with a new address (never the one a pod had just before). */
  addPod(unit: string): Promise<PodNamespace>;
  removePod(pod: PodNamespace): Promise<void>;
  /** A Service's ClusterIP: a further host address on the bridge. */
  addServiceAddress(): Promise<string>;
  removeServiceAddress(address: string): Promise<void>;
  /** Every pod namespace, the bridge and the owner file go. */
  close(): Promise<void>;
}

/** `ip` with commands on stdin (`-batch -`), optionally inside a namespace. */
function ipBatch(commands: readonly string[], netns?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [...(netns ? ["-n", netns] : []), "-batch", "-"];
    const child = spawn("ip", args, { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", (error) => reject(new PodNetworkError(`ip: ${error.message}`)));
    child.once("exit", (code) => {
      if (code === 0) return resolve();
      if (/Operation not permitted|Permission denied/.test(stderr))
        return reject(new PodNetworkError(NEEDS_ROOT));
      reject(
        new PodNetworkError(
          `ip ${args.join(" ")} failed (${code}): ${stderr.trim()}\n${commands.join("\n")}`,
        ),
      );
    });
    child.stdin.end(`${commands.join("\n")}\n`);
  });
}

/** Best effort, synchronous: for the exit handler and the sweep. */
function ipQuiet(args: readonly string[]): void {
  try {
    execFileSync("ip", args, { stdio: "ignore" });
  } catch {
    // Already gone.
  }
}

/** `<pid> <start time>`: a pid alone could have been reused since. */
function ownerMark(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return `${pid} ${fields[19]}`;
  } catch {
    return undefined;
  }
}

const ownerFile = (index: number) => join(OWNER_DIR, `${PREFIX}${index}`);

/** Whether the engine that took network `index` still runs. */
function ownerAlive(index: number): boolean {
  let mark: string;
  try {
    mark = readFileSync(ownerFile(index), "utf8").trim();
  } catch {
    return false;
  }
  const pid = Number(mark.split(" ")[0]);
  return Number.isInteger(pid) && pid > 0 && ownerMark(pid) === mark;
}

const bridgeIndex = (name: string): number | undefined => {
  const match = /^cmr(\d{1,3})$/.exec(name);
  return match ? Number(match[1]) : undefined;
};
const netnsIndex = (name: string): number | undefined => {
  const match = /^cmr(\d{1,3})-/.exec(name);
  return match ? Number(match[1]) : undefined;
};
const vethIndex = (name: string): number | undefined => {
  const match = /^cmr(\d{1,3})v\d+$/.exec(name);
  return match ? Number(match[1]) : undefined;
};

const list = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** Removes network `index`'s namespaces, links and owner file (its owner is gone). */
function removeNetwork(index: number): void {
  for (const name of list(NETNS_DIR)) if (netnsIndex(name) === index) ipQuiet(["netns", "del", name]);
  for (const name of list("/sys/class/net")) {
    if (bridgeIndex(name) === index || vethIndex(name) === index) ipQuiet(["link", "del", name]);
  }
  rmSync(ownerFile(index), { force: true });
}

/**
 * Removes what killed runs left: bridges, veths and namespaces named `cmr<n>…` whose network
 * has no owner file or a dead owner. Returns the numbers of the networks removed.
 */
export function sweepStalePodNetworks(): number[] {
  const found = new Set<number>();
  for (const name of list(NETNS_DIR)) {
    const index = netnsIndex(name);
    if (index !== undefined) found.add(index);
  }
  for (const name of list("/sys/class/net")) {
    const index = bridgeIndex(name) ?? vethIndex(name);
    if (index !== undefined) found.add(index);
  }
  for (const name of list(OWNER_DIR)) {
    const index = bridgeIndex(name);
    if (index !== undefined) found.add(index);
  }
  const swept: number[] = [];
  for (const index of [...found].sort((a, b) => a - b)) {
    if (ownerAlive(index)) continue;
    removeNetwork(index);
    swept.push(index);
  }
  return swept;
}

/** Networks this process owns: closed on exit if nobody closed them. */
const owned = new Set<number>();
let exitHook = false;
let swept = false;

function onExit(): void {
  for (const index of owned) removeNetwork(index);
}

/** Takes network `index` if it is free: the owner file, created exclusively, is the lock. */
function claim(index: number, mark: string): boolean {
  try {
    writeFileSync(ownerFile(index), `${mark}\n`, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (ownerAlive(index)) return false;
  // A dead owner's network: clear it and try once more.
  removeNetwork(index);
  try {
    writeFileSync(ownerFile(index), `${mark}\n`, { flag: "wx" });
    return true;
  } catch {
    return false;
  }
}

export interface PodNetworkOptions {
  /** The network number to try first (1-254); the next free one is taken when it is in use. */
  preferredIndex?: number;
}

/** `02:…`: locally administered, unicast, one per network number (1-254). */
function bridgeMac(index: number): string {
  return `02:42:0a:f4:${index.toString(16).padStart(2, "0")}:01`;
}

/**
 * Creates a pod network: sweeps stale ones (once per process), takes a free number, makes the
 * bridge with its gateway address. Needs root.
 */
export async function createPodNetwork(options: PodNetworkOptions = {}): Promise<PodNetwork> {
  if (process.getuid?.() !== 0) throw new PodNetworkError(NEEDS_ROOT);
  mkdirSync(OWNER_DIR, { recursive: true });
  if (!swept) {
    swept = true;
    sweepStalePodNetworks();
  }
  const mark = ownerMark(process.pid);
  if (!mark) throw new PodNetworkError("cannot read this process's start time from /proc");
  const preferred = options.preferredIndex ?? 1 + Math.floor(Math.random() * 254);
  let index: number | undefined;
  for (let k = 0; k < 254 && index === undefined; k++) {
    const candidate = 1 + ((((preferred - 1 + k) % 254) + 254) % 254);
    if (!owned.has(candidate) && claim(candidate, mark)) index = candidate;
  }
  if (index === undefined) throw new PodNetworkError("every pod network 10.244.1-254.0/24 is in use");
  owned.add(index);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", onExit);
  }
  const net = index;
  const bridge = `${PREFIX}${net}`;
  const subnet = `${BASE}.${net}`;
  const gateway = `${subnet}.1`;
  try {
    // A leftover link of that name without an owner file (a sweep raced us): replace it.
    if (existsSync(`/sys/class/net/${bridge}`)) ipQuiet(["link", "del", bridge]);
    await ipBatch([
      // A MAC of its own (locally administered, from the network's number): without it the bridge
      // takes its lowest port's, which moves when that pod goes, and the other pods' frames to the
      // gateway and the Service addresses are dropped until their ARP entries age out.
      `link add ${bridge} address ${bridgeMac(net)} type bridge`,
      `addr add ${gateway}/24 dev ${bridge}`,
      `link set ${bridge} up`,
    ]);
  } catch (error) {
    owned.delete(net);
    removeNetwork(net);
    throw error;
  }

  const pods = new Map<string, PodNamespace>();
  const hostsInUse = new Set<number>();
  const services = new Set<string>();
  let nextPodHost = FIRST_POD_HOST;
  let closed = false;

  // Round the range, skipping hosts in use: a recreated pod gets an address it did not have.
  const takePodHost = (): number => {
    for (let k = 0; k <= LAST_POD_HOST - FIRST_POD_HOST; k++) {
      const host = nextPodHost;
      nextPodHost = host >= LAST_POD_HOST ? FIRST_POD_HOST : host + 1;
      if (!hostsInUse.has(host)) {
        hostsInUse.add(host);
        return host;
      }
    }
    throw new PodNetworkError(`pod network ${subnet}.0/24 has no free pod address left`);
  };

  return {
    index: net,
    bridge,
    gateway,
    cidr: `${subnet}.0/24`,
    async addPod(unit) {
      if (closed) throw new PodNetworkError(`pod network ${bridge} is closed`);
      const host = takePodHost();
      const name = `${bridge}-${unit.replace("/", "-")}-${host}`;
      const veth = `${bridge}v${host}`;
      const address = `${subnet}.${host}`;
      try {
        await ipBatch([
          `netns add ${name}`,
          `link add ${veth} type veth peer name eth0 netns ${name}`,
          `link set ${veth} master ${bridge} up`,
        ]);
        await ipBatch([`addr add ${address}/24 dev eth0`, "link set eth0 up", "link set lo up"], name);
      } catch (error) {
        ipQuiet(["netns", "del", name]);
        ipQuiet(["link", "del", veth]);
        hostsInUse.delete(host);
        throw error;
      }
      const pod = { name, path: join(NETNS_DIR, name), address };
      pods.set(name, pod);
      return pod;
    },
    async removePod(pod) {
      if (!pods.delete(pod.name)) return;
      // Deleting the namespace takes its eth0 and so the veth pair with it.
      await ipBatch([`netns del ${pod.name}`]).catch(() => undefined);
      ipQuiet(["link", "del", `${bridge}v${pod.address.split(".")[3]}`]);
      hostsInUse.delete(Number(pod.address.split(".")[3]));
    },
    async addServiceAddress() {
      for (let host = FIRST_SERVICE_HOST; host <= LAST_SERVICE_HOST; host++) {
        const address = `${subnet}.${host}`;
        if (services.has(address)) continue;
        services.add(address);
        await ipBatch([`addr add ${address}/32 dev ${bridge}`]);
        return address;
      }
      throw new PodNetworkError(`pod network ${subnet}.0/24 has no free Service address left`);
    },
    async removeServiceAddress(address) {
      if (!services.delete(address)) return;
      await ipBatch([`addr del ${address}/32 dev ${bridge}`]).catch(() => undefined);
    },
    async close() {
      if (closed) return;
      closed = true;
      const names = [...pods.keys()];
      pods.clear();
      if (names.length > 0) await ipBatch(names.map((name) => `netns del ${name}`)).catch(() => undefined);
      removeNetwork(net);
      owned.delete(net);
    },
  };
}
