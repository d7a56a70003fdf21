import { lstatSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ClusterNames, podHostsFile, podResolvConf } from "./pod-hosts-file";
import { createPodNetwork, type PodNamespace, type PodNetwork, type PodNetworkOptions } from "./pod-network";
import { type ServiceProxy, serviceProxy } from "./service-proxy";

// What a Kubernetes cluster gives a model's pods, on one pod network: an address per pod, a
// Service per application (ClusterIP forwarding the opened ports), and names for both in every
// container's /etc/hosts, rewritten whenever a pod comes or goes.

/** What the cluster needs to know of the model. */
export interface ClusterView {
  model: string;
  /** Application → its units' opened TCP ports. */
  apps: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

/** One pod on the cluster network. */
export interface PodAttachment {
  readonly unit: string;
  readonly namespace: PodNamespace;
  /**
   * Writes the pod's `hosts` and `resolv.conf` into `etcDir` (a container's /etc, or the
   * directory the charm container's files are bound from) now, and again whenever names change.
   */
  writeEtc(etcDir: string): void;
}

interface Attached {
  unit: string;
  namespace: PodNamespace;
  etcDirs: Set<string>;
}

/** Rewritten in place: a file bound into a container keeps its inode, so the container sees the change. */
function writeInPlace(path: string, content: string): void {
  try {
    if (!lstatSync(path).isFile()) rmSync(path, { recursive: true, force: true });
  } catch {
    // Not there yet.
  }
  writeFileSync(path, content);
}

export class ClusterNetwork {
  readonly #network: PodNetwork;
  readonly #pods = new Map<string, Attached>();
  readonly #services = new Map<string, ServiceProxy>();
  #view: ClusterView = { model: "", apps: new Map() };
  #names: ClusterNames = { model: "", pods: [], services: [] };
  #viewKey = "";
  /** One change at a time: attach, detach and sync all edit the services and files. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(network: PodNetwork) {
    this.#network = network;
  }

  static async create(options: PodNetworkOptions = {}): Promise<ClusterNetwork> {
    return new ClusterNetwork(await createPodNetwork(options));
  }

  get network(): PodNetwork {
    return this.#network;
  }

  /** The app's ClusterIP, once it has a pod. */
  serviceAddress(app: string): string | undefined {
    return this.#services.get(app)?.address;
  }

  /** A new namespace and address for the unit's pod. */
  attach(unit: string): Promise<PodAttachment> {
    return this.#serial(async () => {
      const namespace = await this.#network.addPod(unit);
      const attached: Attached = { unit, namespace, etcDirs: new Set() };
      this.#pods.set(unit, attached);
      await this.#update();
      return {
        unit,
        namespace,
        writeEtc: (etcDir) => {
          attached.etcDirs.add(etcDir);
          this.#writeEtc(attached, etcDir);
        },
      };
    });
  }

  /** The pod is gone: its namespace goes, the others' names follow. */
  detach(attachment: PodAttachment): Promise<void> {
    return this.#serial(async () => {
      if (this.#pods.get(attachment.unit)?.namespace !== attachment.namespace) return;
      this.#pods.delete(attachment.unit);
      await this.#network.removePod(attachment.namespace);
      await this.#update();
    });
  }

  /** The model's name and opened ports, as they are now; cheap when nothing changed. */
  sync(view: ClusterView): Promise<void> {
    const key = JSON.stringify([view.model, [...view.apps].map(([app, units]) => [app, [...units]])]);
    if (key === this.#viewKey) return Promise.resolve();
    this.#viewKey = key;
    this.#view = view;
    return this.#serial(() => this.#update());
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await Promise.all([...this.#services.values()].map((s) => s.close()));
    this.#services.clear();
    this.#pods.clear();
    await this.#network.close();
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Services for apps with pods (forwarding their opened ports), then every pod's files. */
  async #update(): Promise<void> {
    const apps = new Set([...this.#pods.keys()].map((unit) => unit.slice(0, unit.indexOf("/"))));
    for (const [app, proxy] of this.#services) {
      if (apps.has(app)) continue;
      this.#services.delete(app);
      await proxy.close();
      await this.#network.removeServiceAddress(proxy.address);
    }
    for (const app of apps) {
      let proxy = this.#services.get(app);
      if (!proxy) {
        const address = await this.#network.addServiceAddress();
        proxy = serviceProxy(address, () => this.#podAddresses(app));
        this.#services.set(app, proxy);
      }
      const opened = this.#view.apps.get(app) ?? new Map<string, readonly number[]>();
      await proxy.setPorts([...new Set([...opened.values()].flat())]);
    }
    const names: ClusterNames = {
      model: this.#view.model,
      pods: [...this.#pods.values()].map((p) => ({ unit: p.unit, address: p.namespace.address })),
      services: [...this.#services].map(([app, proxy]) => ({ app, address: proxy.address })),
    };
    if (JSON.stringify(names) === JSON.stringify(this.#names)) return;
    this.#names = names;
    for (const pod of this.#pods.values()) for (const dir of pod.etcDirs) this.#writeEtc(pod, dir);
  }

  #podAddresses(app: string): string[] {
    return [...this.#pods.values()]
      .filter((p) => p.unit.startsWith(`${app}/`))
      .map((p) => p.namespace.address);
  }

  #writeEtc(pod: Attached, etcDir: string): void {
    mkdirSync(etcDir, { recursive: true });
    writeInPlace(join(etcDir, "hosts"), podHostsFile(pod.unit, this.#names));
    writeInPlace(join(etcDir, "resolv.conf"), podResolvConf(this.#names.model || "default"));
    writeInPlace(join(etcDir, "hostname"), `${pod.unit.replace("/", "-")}\n`);
  }
}
