import { randomInt, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CharmRunner,
  type DeployOptions,
  type HookLauncher,
  type HookRecord,
  type KubeApiServer,
  KubernetesCluster,
  Model,
  type ModelClock,
  type ProcessHost,
  processRunner,
  startKubeApiServer,
  startProcessHost,
  systemClock,
  UnitAgents,
  unpackCharmArchive,
  workloadPodProvider,
} from "@charmarr/engine";
import { registerStandIns } from "@charmarr/stand-ins";
import type { ModelChange, ModelHost, StoredCharm, WorkloadKind } from "../model-host";
import type { ControllerState } from "../state/controller-state";
import { EncryptedStore } from "../state/encrypted-store";
import { type ControllerHome, defaultHomeDir, openHome } from "../state/home";
import { CharmStore } from "./charm-store";
import { HookLoop } from "./hook-loop";
import { ModelLogFile } from "./model-log";
import { workloadKindOf } from "./workload-kind";

export interface EmbeddedHostOptions {
  /** The home dir (`controller/`, `cluster/`); default `defaultHomeDir()`. */
  home?: string;
  /** The model's name on first start (kept afterwards). Default "charmarr". */
  modelName?: string;
  /** Real time by default; tests inject a ManualClock. */
  clock?: ModelClock;
  /** How often settles run without a kick (real-time schedules). Default 1 s. */
  loopIntervalMs?: number;
  /** Start the loop's timer (default true); tests may drive settles with `settle()` alone. */
  autoSettle?: boolean;
  /** The pod network's preferred 10.244.<block>.0/24 and 127.<block>.x.y unit addresses on first start. */
  addressBlock?: number;
  updateStatusIntervalMs?: number;
  /** How charm processes are started; bubblewrap where it works by default. */
  launcher?: HookLauncher;
  /** Where the Kubernetes API listens for hooks without a pod network. Default 127.0.0.1, a free port. */
  kubeHost?: string;
  /** Told when a settle fails (the loop carries on); stderr by default. */
  onError?: (error: unknown) => void;
  /**
   * How many units run a hook at once (each unit one at a time, as its agent does on a real
   * controller). Default 4: hooks mostly wait on their apps and Pebble, not on the CPU.
   */
  hookConcurrency?: number;
}

const DEFAULT_HOOK_CONCURRENCY = 4;

/**
 * The embedded controller's model host: one engine model run durably. Charms run as processes
 * from stored archives, units get real workload pods, the engine's Kubernetes API serves their
 * StatefulSets and claims, and a hook loop runs whatever is due. The whole state is written
 * encrypted after every hook batch and operator change, and comes back on the next `open`.
 */
export class EmbeddedHost implements ModelHost {
  readonly model: Model;
  readonly agents: UnitAgents;
  readonly controllerUuid: string;
  readonly home: ControllerHome;
  readonly cluster: KubernetesCluster;
  /** Whether this start found a saved state (a restart). */
  readonly restored: boolean;
  readonly #store: EncryptedStore<ControllerState>;
  readonly #charms: CharmStore;
  readonly #appCharms = new Map<string, string>();
  readonly #listeners = new Set<(change: ModelChange, hook?: HookRecord) => void>();
  readonly #processHost: ProcessHost;
  readonly #processDir: string;
  readonly #loop: HookLoop;
  readonly #addressBlock: number;
  readonly #unregisterStandIns: () => void;
  #kube: KubeApiServer | undefined;
  readonly #log: ModelLogFile;
  #closed = false;
  /** An operator change (a kick) since the last write. */
  #dirty = false;

  private constructor(init: {
    home: ControllerHome;
    store: EncryptedStore<ControllerState>;
    saved: ControllerState | undefined;
    processHost: ProcessHost;
    processDir: string;
    options: EmbeddedHostOptions;
  }) {
    const { home, store, saved, options } = init;
    this.home = home;
    this.#store = store;
    this.#processHost = init.processHost;
    this.#processDir = init.processDir;
    this.restored = saved !== undefined;
    this.controllerUuid = saved?.controllerUuid ?? randomUUID();
    this.#addressBlock = saved?.model.addressBlock ?? options.addressBlock ?? randomInt(1, 255);
    this.model = new Model({
      uuid: saved?.model.uuid ?? randomUUID(),
      name: saved?.model.name ?? options.modelName ?? "charmarr",
      clock: options.clock ?? systemClock,
      addressBlock: this.#addressBlock,
      dataDir: join(home.controllerDir, "model"),
    });
    if (saved) {
      this.model.restoreState(saved.model.state);
      Object.assign(this.model.modelConfig, saved.model.config);
      for (const [id, task] of saved.model.tasks) this.model.tasks.set(id, task);
    }
    this.#log = new ModelLogFile(join(home.logsDir, "model.log"));
    this.#charms = new CharmStore(home.charmsDir, saved?.charms ?? []);
    this.cluster = new KubernetesCluster({
      model: this.model,
      stateDir: join(home.clusterDir, "k8s"),
      serverNames: [options.kubeHost ?? "127.0.0.1"],
    });
    if (saved) this.cluster.restore(saved.cluster);
    this.#unregisterStandIns = registerStandIns();
    this.agents = new UnitAgents({
      model: this.model,
      scheduler: this.cluster,
      podProvider: workloadPodProvider({
        stateDir: join(home.clusterDir, "pods"),
        preferredSubnet: this.#addressBlock,
      }),
      concurrency: options.hookConcurrency ?? DEFAULT_HOOK_CONCURRENCY,
      ...(options.updateStatusIntervalMs === undefined
        ? {}
        : { updateStatusIntervalMs: options.updateStatusIntervalMs }),
      // Each hook's outcome is on disk before its unit's next hook runs.
      onHookFinished: async (record) => {
        this.#log.flush(this.model.logs);
        await this.persist();
        this.#tell(record.kind === "action" ? "action" : "unit", record);
      },
    });
    for (const [app, url] of saved?.appCharms ?? []) {
      const charm = this.#charms.get(url);
      if (charm && this.model.state.apps.has(app)) this.#setRunner(app, charm);
    }
    this.#loop = new HookLoop({
      settle: () => this.agents.settle(),
      afterSettle: async () => {
        // An operator change that ran no hook (model-config, a kick with nothing owed) is kept too.
        if (this.#dirty && !this.#closed) await this.persist();
      },
      onError: options.onError ?? ((error) => console.error(`charmarr controller: ${String(error)}`)),
      ...(options.loopIntervalMs === undefined ? {} : { intervalMs: options.loopIntervalMs }),
    });
  }

  /** Opens (or makes) the home dir, loads the saved state if any, starts the Kubernetes API and the loop. */
  static async open(options: EmbeddedHostOptions = {}): Promise<EmbeddedHost> {
    const home = openHome(options.home ?? defaultHomeDir());
    const store = new EncryptedStore<ControllerState>(home.stateFile, home.keyFile);
    const saved = store.load();
    // Short: the hook-tool socket lives here and sun_path holds 107 bytes.
    const processDir = mkdtempSync(join(tmpdir(), "cc-"));
    const processHost = await startProcessHost(
      join(processDir, "p"),
      options.launcher ? { launcher: options.launcher } : {},
    );
    const host = new EmbeddedHost({ home, store, saved, processHost, processDir, options });
    try {
      await host.#startKubernetes(options.kubeHost);
      if (saved) host.agents.restore(saved.agents);
      await host.persist();
    } catch (error) {
      await host.close().catch(() => undefined);
      throw error;
    }
    if (options.autoSettle !== false) host.#loop.start();
    host.#loop.kick();
    return host;
  }

  async #startKubernetes(kubeHost: string | undefined): Promise<void> {
    const service = kubeHost === undefined ? await this.agents.podProvider?.hostService?.() : undefined;
    if (service) this.cluster.addServerName(service.address);
    this.#kube = await startKubeApiServer(this.cluster, kubeHost === undefined ? {} : { host: kubeHost });
    await service?.forward(this.#kube.port);
    this.model.setKubernetesService({ host: service?.address ?? this.#kube.host, port: this.#kube.port });
  }

  /** The engine's Kubernetes API server. */
  get kube(): KubeApiServer {
    if (!this.#kube) throw new Error("the Kubernetes API is not started");
    return this.#kube;
  }

  // ---- charms ------------------------------------------------------------------------------

  async addCharm(archive: Buffer): Promise<StoredCharm> {
    const known = this.#charms.index().length;
    const charm = this.#charms.add(archive);
    if (this.#charms.index().length !== known) {
      await this.persist();
      this.#tell("charm");
    }
    return charm;
  }

  charm(url: string): StoredCharm | undefined {
    return this.#charms.get(url);
  }

  charms(): StoredCharm[] {
    return this.#charms.all();
  }

  /** The charm URL an application runs. */
  appCharm(app: string): string | undefined {
    return this.#appCharms.get(app);
  }

  deploy(app: string, charmUrl: string, options: DeployOptions): void {
    const charm = this.#charms.get(charmUrl);
    if (!charm) throw new Error(`charm ${JSON.stringify(charmUrl)} not found`);
    if (this.model.state.apps.has(app)) throw new Error(`application ${JSON.stringify(app)} already exists`);
    // The runner first: deploy adds the units, and each unit needs its app's runner.
    this.#setRunner(app, charm);
    try {
      this.model.deploy(app, charm.meta, options);
    } catch (error) {
      this.#appCharms.delete(app);
      throw error;
    }
    void this.persist().catch((error) => console.error(`charmarr controller: ${String(error)}`));
    this.changed("application", "unit", "relation");
  }

  #setRunner(app: string, charm: StoredCharm): void {
    const dir = join(this.home.clusterDir, "charms", app);
    const runner: CharmRunner = processRunner(this.#processHost, {
      dir,
      prepare: async () => {
        rmSync(dir, { recursive: true, force: true });
        await unpackCharmArchive(charm.file, dir);
      },
    });
    this.agents.setRunner(app, runner);
    this.#appCharms.set(app, charm.url);
  }

  // ---- running -----------------------------------------------------------------------------

  /**
   * An operator change: listeners hear of it ("model", as the kinds are the caller's to say:
   * `changed` names them) and the units run what they owe.
   */
  kick(): void {
    this.changed("model");
  }

  /** The kinds of entity an operator call changed: listeners are told, the state is kept, units run. */
  changed(...changes: ModelChange[]): void {
    if (this.#closed) return;
    this.#dirty = true;
    for (const change of new Set(changes)) this.#tell(change);
    this.#loop.kick();
  }

  /** Runs the loop until nothing is due now (tests, and the CLI's `wait`). */
  async settle(): Promise<void> {
    await this.#loop.idle();
  }

  onChange(listener: (change: ModelChange, hook?: HookRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #tell(change: ModelChange, hook?: HookRecord): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change, hook);
      } catch (error) {
        console.error(`charmarr controller: a change listener failed: ${String(error)}`);
      }
    }
  }

  workloadKind(app: string): WorkloadKind {
    return workloadKindOf(this.model.app(app));
  }

  /** The whole controller state, as written to disk (encrypted). */
  snapshot(): ControllerState {
    return {
      version: 1,
      controllerUuid: this.controllerUuid,
      model: {
        uuid: this.model.uuid,
        name: this.model.name,
        addressBlock: this.#addressBlock,
        state: this.model.state,
        config: { ...this.model.modelConfig },
        tasks: [...this.model.tasks],
      },
      agents: this.agents.snapshot(),
      cluster: this.cluster.snapshot(),
      charms: this.#charms.index(),
      appCharms: [...this.#appCharms].filter(([app]) => this.model.state.apps.has(app)),
    };
  }

  async persist(): Promise<void> {
    this.#dirty = false;
    this.#store.save(this.snapshot());
  }

  /** Persists, stops the loop and the pods gracefully; the state stays for the next start. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#loop.stop();
      await this.persist();
    } finally {
      await this.agents.close();
      await this.#kube?.close();
      await this.#processHost.close();
      this.#unregisterStandIns();
      rmSync(this.#processDir, { recursive: true, force: true });
    }
  }
}
