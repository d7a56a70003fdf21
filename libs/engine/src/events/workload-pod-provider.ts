import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import type { Model } from "../model/model";
import type { AppRecord } from "../model/state";
import type { ExecRecord } from "../pebble-server/exec-api";
import { ClusterNetwork, type ClusterView, type PodAttachment } from "../workload/cluster-network";
import { containerPids } from "../workload/container-processes";
import { startWorkloadPod, type WorkloadContainer, type WorkloadPod } from "../workload/workload-pod";
import type { PebbleEvent } from "./pebble-event";
import { podFileList } from "./pod-files";
import type { PodInspection, PodProvider, UnitPod } from "./pod-provider";

export interface WorkloadPodProviderOptions {
  /** Pods live below it, one directory per unit (keep it short: sockets go there). */
  stateDir: string;
  bwrapPath?: string;
  /** Which applications get real pods (all with containers by default); the others an empty one. */
  accepts?: (app: AppRecord) => boolean;
  /**
   * Each real pod gets a network namespace of its own on a bridge the provider makes (needs
   * root), its IP becomes the unit's address, and the model's names resolve in it. Default true;
   * false runs every container in the host's network (the unit keeps its 127.x address).
   */
  network?: boolean;
  /** The pod network's number to try first (10.244.<n>.0/24, 1-254); the next free one otherwise. */
  preferredSubnet?: number;
  /**
   * Certificate authorities (PEM) the charm container trusts besides the system's: its
   * /etc/ssl/certs/ca-certificates.crt is the host's bundle with these appended, as an image
   * built with an organisation's CA would have it. Needs the pod network (the file sits beside
   * the pod's /etc/hosts).
   */
  trustedCertificates?: string;
}

/** The Debian/Ubuntu system bundle: OpenSSL, curl and charms that read the system store use it. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

const EMPTY_POD: UnitPod = {
  containerSocketDirs: {},
  inspect: async () => ({ texts: [], files: [] }),
  close: async () => undefined,
};

/**
 * Real workload pods (a Pebble server per container, storage, image files) for units whose
 * charm declares containers; others get an empty pod. Each container's Pebble raises
 * pebble-ready once it answers, and its check and custom-notice events go to the unit.
 * The unit's state dir outlives its pods, so storage survives pod churn. Each real pod has a
 * network namespace of its own on the model's pod network (docs/pod-network.md): its IP is the
 * unit's address, every container and the hooks run in it, and the model's names resolve there.
 */
export function workloadPodProvider(options: WorkloadPodProviderOptions): PodProvider {
  // Made with the first real pod: models without one need no root.
  let cluster: Promise<ClusterNetwork> | undefined;
  let view: ClusterView | undefined;
  const clusterNetwork = (): Promise<ClusterNetwork> => {
    cluster ??= ClusterNetwork.create(
      options.preferredSubnet === undefined ? {} : { preferredIndex: options.preferredSubnet },
    );
    return cluster;
  };
  return {
    async startPod(unit, app, emit, template) {
      if (Object.keys(app.meta.containers).length === 0 || options.accepts?.(app) === false) return EMPTY_POD;
      const stateDir = join(options.stateDir, unit.replace("/", "-"));
      let network: { cluster: ClusterNetwork; attachment: PodAttachment } | undefined;
      if (options.network !== false) {
        const net = await clusterNetwork();
        if (view) await net.sync(view);
        const attachment = await net.attach(unit);
        // The charm container's /etc/hosts and /etc/resolv.conf are bound from here.
        attachment.writeEtc(join(stateDir, "charm-etc"));
        if (options.trustedCertificates !== undefined)
          writeCaBundle(join(stateDir, "charm-etc"), options.trustedCertificates);
        network = { cluster: net, attachment };
      }
      let pod: WorkloadPod;
      try {
        pod = await startWorkloadPod({
          unit,
          metadata: app.meta,
          stateDir,
          images: deployedImages(app),
          ...(options.bwrapPath === undefined ? {} : { bwrapPath: options.bwrapPath }),
          ...(template ? { extraMounts: template.mounts } : {}),
          ...(template?.capabilities ? { extraCapabilities: template.capabilities } : {}),
          ...(network
            ? {
                network: {
                  namespacePath: network.attachment.namespace.path,
                  address: network.attachment.namespace.address,
                  writeEtc: network.attachment.writeEtc,
                },
              }
            : {}),
        });
      } catch (error) {
        await network?.cluster.detach(network.attachment);
        throw error;
      }
      return unitPod(
        pod,
        emit,
        network && {
          ...network,
          etcDir: join(stateDir, "charm-etc"),
          ...(options.trustedCertificates === undefined
            ? {}
            : { caBundle: join(stateDir, "charm-etc", CA_FILE) }),
        },
      );
    },
    async hostService() {
      if (options.network === false) return undefined;
      return (await clusterNetwork()).hostService();
    },
    async syncModel(model) {
      view = clusterView(model);
      // Only once the network exists: syncing must not make one.
      if (cluster) await (await cluster).sync(view);
    },
    async close() {
      const net = cluster;
      cluster = undefined;
      if (net) await (await net).close();
    },
  };
}

/** The model as the pod network sees it: its name and each app's units' opened TCP ports. */
function clusterView(model: Model): ClusterView {
  const apps = new Map<string, Map<string, number[]>>();
  for (const app of model.state.apps.keys()) apps.set(app, new Map());
  for (const unit of model.state.units.values()) {
    const ports: number[] = [];
    for (const ranges of unit.openedPorts.values()) {
      for (const range of ranges) {
        if (range.protocol !== "tcp") continue;
        // A proxy listener per port: ranges are capped (a torrent client's 6881-6889 is fine).
        for (let port = range.from; port <= Math.min(range.to, range.from + 255); port++) ports.push(port);
      }
    }
    apps.get(unit.app)?.set(unit.name, ports);
  }
  return { model: model.name, apps };
}

const CA_FILE = "ca-certificates.crt";

/** The host's system bundle with `extra` appended, into the pod's charm-etc directory. */
function writeCaBundle(etcDir: string, extra: string): void {
  let system = "";
  try {
    system = readFileSync(SYSTEM_CA_BUNDLE, "utf8");
  } catch {
    // A host without a system bundle: the pod trusts only what the test gave.
  }
  const separator = system === "" || system.endsWith("\n") ? "" : "\n";
  writeFileSync(join(etcDir, CA_FILE), `${system}${separator}${extra.trim()}\n`, { mode: 0o644 });
}

/** Images given with `juju deploy --resource <name>=<image>`. */
function deployedImages(app: AppRecord): Record<string, string> {
  const images: Record<string, string> = {};
  for (const [name, resource] of app.resources) {
    if (resource.kind === "oci-image") images[name] = resource.image;
  }
  return images;
}

function unitPod(
  pod: WorkloadPod,
  emit: (event: PebbleEvent) => void,
  network?: { cluster: ClusterNetwork; attachment: PodAttachment; etcDir: string; caBundle?: string },
): UnitPod {
  const stopped = new Set<string>();
  /** Every exec call of every Pebble the pod had, in order. */
  const execs: { container: string; record: ExecRecord }[] = [];
  const announce = (container: WorkloadContainer): void => {
    const { name, server } = container;
    server.onExec((record) => execs.push({ container: name, record }));
    server.onCheckFailed((check) => emit({ kind: "check-failed", container: name, check }));
    server.onCheckRecovered((check) => emit({ kind: "check-recovered", container: name, check }));
    server.onNotice((notice) => {
      if (notice.type === "custom")
        emit({ kind: "custom-notice", container: name, noticeId: notice.id, key: notice.key });
    });
    emit({ kind: "ready", container: name });
  };
  for (const container of pod.containers) announce(container);
  return {
    containerSocketDirs: Object.fromEntries(pod.containers.map((c) => [c.name, c.socketDir])),
    ...(network
      ? {
          address: network.attachment.namespace.address,
          network: {
            namespacePath: network.attachment.namespace.path,
            etcDir: network.etcDir,
            ...(network.caBundle === undefined ? {} : { caBundle: network.caBundle }),
          },
        }
      : {}),
    faults: {
      killService: (container, service) => pod.container(container).server.killService(service),
      async stopPebble(container) {
        await pod.container(container).server.close();
        stopped.add(container);
      },
      async startPebble(container) {
        announce(await pod.restartContainer(container));
        stopped.delete(container);
      },
    },
    async inspect(): Promise<PodInspection> {
      const running = pod.containers.filter((c) => !stopped.has(c.name));
      const plans = await Promise.all(running.map((c) => planYaml(c.socketPath)));
      const texts = running.map((c, i) => ({ where: `plan of container ${c.name}`, text: plans[i] ?? "" }));
      for (const c of pod.containers) {
        // A stopped Pebble's buffers are still there to read, as its last /v1/logs showed them.
        for (const [service, lines] of Object.entries(c.server.serviceLogs())) {
          texts.push({
            where: `Pebble log of service ${service} in container ${c.name}`,
            text: lines.join("\n"),
          });
        }
        texts.push(...processTexts(c));
      }
      execs.forEach(({ container, record }, i) => {
        const call = `exec call #${i + 1} in container ${container}`;
        texts.push({ where: `command of ${call}`, text: record.command.join(" ") });
        texts.push({
          where: `environment of ${call}`,
          text: Object.entries(record.environment)
            .map(([k, v]) => `${k}=${v}`)
            .join("\n"),
        });
      });
      return { texts, ...podFileList(pod.containers, pod.storage) };
    },
    // The workload containers go; the pod's network stays for the charm container's last hook (stop).
    terminateWorkloads: () => pod.close(),
    async close() {
      await pod.close();
      await network?.cluster.detach(network.attachment);
    },
  };
}

/** The command line and environment of each live process of the container, from /proc. */
function processTexts(container: WorkloadContainer): { where: string; text: string }[] {
  const texts: { where: string; text: string }[] = [];
  for (const pid of containerPids(container.rootDir)) {
    let comm: string;
    let cmdline: string;
    let environ: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      environ = readFileSync(`/proc/${pid}/environ`, "utf8").replaceAll("\0", "\n");
    } catch {
      continue; // exited meanwhile
    }
    const proc = `process ${pid} (${comm}) in container ${container.name}`;
    texts.push(
      { where: `cmdline of ${proc}`, text: cmdline },
      { where: `environ of ${proc}`, text: environ },
    );
  }
  return texts;
}

/** The container's Pebble plan as YAML (GET /v1/plan). */
export function planYaml(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: "/v1/plan?format=yaml", method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        const parsed = JSON.parse(body) as { result?: unknown };
        resolve(typeof parsed.result === "string" ? parsed.result : "");
      });
    });
    req.on("error", reject);
    req.end();
  });
}
