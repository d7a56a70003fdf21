import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ToolOutput } from "@charmarr/charm";
import {
  type AppRecord,
  type HookLauncher,
  type KubeApiServer,
  KubernetesCluster,
  type LogRecord,
  ManualClock,
  Model,
  ModelError,
  type RelationRecord,
  type StatusInfo,
  startKubeApiServer,
} from "@charmarr/engine";
import { charmDeployment, type DeploySpec } from "./charm-deployment";
import {
  type ActionOutcome,
  type HookKillFault,
  type HookRecord,
  type PebbleEvent,
  type PodProvider,
  type ProcessHost,
  startProcessHost,
  type ToolCallFault,
  UnitAgents,
  type UnitPod,
  type UnitStatusView,
  workloadPodProvider,
} from "./engine-events";
import { LeakError, type LeakFinding, LeakScanner } from "./leak-scanner";
import {
  CharmDirWatch,
  credentialFileKey,
  FileReader,
  inspectHook,
  inspectHostTemp,
  inspectJujuLogs,
  inspectPods,
  inspectRelationData,
  inspectUnitState,
  learnHookChanges,
  learnModelSecrets,
} from "./leak-surfaces";
import { findSecret, type SecretView, secretViews } from "./secret-view";

export interface TestModelOptions {
  /** The clock every schedule runs on; a fresh ManualClock (2025-01-01) by default. */
  clock?: ManualClock;
  /**
   * Workload pods for charms with containers. By default, process-run charms (`charmFile` /
   * `charmDir`) get real ones (a Pebble server per container, bound at
   * `/charm/containers/<name>/pebble.socket` in the hook's mount namespace); in-process charms
   * cannot reach that path (no mount namespace), so they get none and tests raise their Pebble
   * events with `pebbleEvent`. Charms with containers that talk to Pebble run as processes.
   */
  podProvider?: PodProvider;
  /** How process charms are started; bubblewrap where it works, else plain. */
  launcher?: HookLauncher;
  /** Default 5 minutes. */
  updateStatusIntervalMs?: number;
  /**
   * `settle()` fails after this many hooks in one call, taking it for a charm that never
   * settles. Default 1,000; raise it for large models.
   */
  maxHooksPerSettle?: number;
  /** The model's name (JUJU_MODEL_NAME). */
  name?: string;
  /**
   * Addresses of units without a real pod are 127.<block>.x.y, and the model's pod network
   * prefers 10.244.<block>.0/24. By default each test model takes the next block of its test
   * worker's own range (1-248), so models of test files running in parallel keep apart.
   */
  addressBlock?: number;
  /**
   * Serve the engine's Kubernetes API (`m.kube`): hooks get its KUBERNETES_SERVICE_HOST/_PORT
   * and, in the bubblewrap sandbox, their app's service-account files at
   * /var/run/secrets/kubernetes.io/serviceaccount; each app has a StatefulSet, pods follow the
   * pod template (its volumes become mounts; a template patch recreates the pods). `true`, or
   * where to listen (default 127.0.0.1, a free port) and the hostPath root.
   */
  kubernetes?: boolean | TestKubernetesOptions;
  /**
   * Certificate authorities (PEM) in the charm containers' system trust store
   * (/etc/ssl/certs/ca-certificates.crt: the host's bundle plus these), for process-run charms
   * with a pod network. How a test lets a charm reach a stand-in for an HTTPS service (plex.tv)
   * with no switch in the charm: the charm trusts its container's store, as in production.
   */
  trustedCertificates?: string;
}

export interface TestKubernetesOptions {
  /** Listen address (the certificate names it). Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Where hostPath `/srv/media` lives on this host: `<root>/srv/media`. Default under the model's work dir. */
  hostPathRoot?: string;
}

// Test files run in parallel workers (vitest's VITEST_POOL_ID is 1, 2, ...) on one network
// namespace: each worker cycles through a range of blocks of its own, so two models running at
// the same time never share a block. Outside vitest, a random start.
const BLOCKS_PER_WORKER = 31;
const pool = Number(process.env.VITEST_POOL_ID);
const firstBlock = Number.isInteger(pool) && pool > 0 ? 1 + ((pool - 1) % 8) * BLOCKS_PER_WORKER : undefined;
const randomStart = Math.floor(Math.random() * 254);
let nextBlock = 0;
function nextAddressBlock(): number {
  const n = nextBlock++;
  return firstBlock === undefined ? 1 + ((randomStart + n) % 254) : firstBlock + (n % BLOCKS_PER_WORKER);
}

/** What `runAction` returns: the task once it ran. */
export type ActionResult = Omit<ActionOutcome, "id">;

/**
 * A Juju model for tests, on the embedded engine: deploy charms (in-process or as processes),
 * act as the operator, `settle()` to let every unit run what it owes, then look at statuses,
 * databags, secrets and the hook log. A leak scanner runs after every hook: settle() and close()
 * fail when a secret value shows up in hook output, juju-log, relation data (keys and values),
 * unit state, hook-tool argv, files hooks leave in the host's temp dir or the charm dir, or
 * (with pods) Pebble plans, service logs, exec calls, workload processes' command lines and
 * environments, and workload files.
 */
export class TestModel {
  readonly model: Model;
  readonly clock: ManualClock;
  readonly agents: UnitAgents;
  readonly scanner = new LeakScanner();
  readonly #reader = new FileReader(this.scanner);
  readonly #charmDirs: CharmDirWatch[] = [];
  /** Units whose last hook was killed, as `<app>-<n>` (their private secret-file dir's name). */
  readonly #killedLast = new Set<string>();
  /** Real time (ms) since which the host's temp dir is looked at: the previous scan's start. */
  #tempSince = Date.now();
  readonly #host: ProcessHost;
  readonly #workDir: string;
  /** Host directories an app outside the model keeps its credentials in (declareHostCredentialDir). */
  readonly #hostCredentialDirs: string[] = [];
  readonly #credentialFiles = new Set<string>();
  /** Applications whose hooks run as processes: the ones the default pod provider serves. */
  readonly #processApps = new Set<string>();
  #scannedLogs = 0;
  #closed = false;
  readonly #kubeCluster: KubernetesCluster | undefined;
  readonly #kubeOptions: TestKubernetesOptions;
  #kubeServer: KubeApiServer | undefined;

  constructor(options: { clock: ManualClock; host: ProcessHost; workDir: string } & TestModelOptions) {
    this.clock = options.clock;
    this.#host = options.host;
    this.#workDir = options.workDir;
    const addressBlock = options.addressBlock ?? nextAddressBlock();
    this.model = new Model({
      clock: options.clock,
      addressBlock,
      dataDir: join(options.workDir, "model"),
      ...(options.name === undefined ? {} : { name: options.name }),
    });
    this.#kubeOptions = typeof options.kubernetes === "object" ? options.kubernetes : {};
    this.#kubeCluster = options.kubernetes
      ? new KubernetesCluster({
          model: this.model,
          stateDir: join(options.workDir, "k8s"),
          ...(this.#kubeOptions.hostPathRoot === undefined
            ? {}
            : { hostPathRoot: this.#kubeOptions.hostPathRoot }),
          serverNames: [this.#kubeOptions.host ?? "127.0.0.1"],
          // The leak scanner knows every token: it must never show up in output, data or files.
          onToken: (account) =>
            this.scanner.learn(account.token, {
              secret: "service-account-token",
              owner: account.app,
              key: "token",
            }),
        })
      : undefined;
    this.agents = new UnitAgents({
      model: this.model,
      ...(this.#kubeCluster ? { scheduler: this.#kubeCluster } : {}),
      podProvider:
        options.podProvider ??
        workloadPodProvider({
          stateDir: join(options.workDir, "pods"),
          accepts: (app) => this.#processApps.has(app.name),
          // Pod networks follow the same per-worker blocks: 10.244.<block>.0/24 where it is free.
          preferredSubnet: addressBlock,
          ...(options.trustedCertificates === undefined
            ? {}
            : { trustedCertificates: options.trustedCertificates }),
        }),
      ...(options.updateStatusIntervalMs === undefined
        ? {}
        : { updateStatusIntervalMs: options.updateStatusIntervalMs }),
      ...(options.maxHooksPerSettle === undefined ? {} : { maxHooksPerSettle: options.maxHooksPerSettle }),
      // Read at once: a test may empty the hook log to look at what comes next; and scan what
      // the hook may have left before the next one runs (files, processes, state).
      onHookFinished: async (record, changes) => {
        learnHookChanges(this.scanner, this.model, record.unit, changes);
        inspectHook(this.scanner, record);
        const unitDir = record.unit.replace("/", "-");
        if (record.result === "killed") this.#killedLast.add(unitDir);
        else this.#killedLast.delete(unitDir);
        await this.#inspectAll({ afterHook: true });
      },
    });
  }

  /** Starts the Kubernetes API server (testModel does, with `kubernetes`); hooks then reach it. */
  async startKubernetes(): Promise<void> {
    if (!this.#kubeCluster || this.#kubeServer) return;
    const options = this.#kubeOptions;
    // Pods with a network of their own reach the API at a Service address on their bridge, as
    // a cluster's pods reach kubernetes.default; the certificate names that address too.
    const service = options.host === undefined ? await this.agents.podProvider?.hostService?.() : undefined;
    if (service) this.#kubeCluster.addServerName(service.address);
    this.#kubeServer = await startKubeApiServer(this.#kubeCluster, {
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined ? {} : { port: options.port }),
    });
    await service?.forward(this.#kubeServer.port);
    this.model.setKubernetesService({
      host: service?.address ?? this.#kubeServer.host,
      port: this.#kubeServer.port,
    });
  }

  /**
   * The engine's Kubernetes API (with `kubernetes` only): `url`, `cluster` (objects, pods,
   * volume directories, storage faults), `api` (the per-app request log, one-shot faults).
   */
  get kube(): KubeApiServer {
    if (!this.#kubeServer)
      throw new Error("this test model serves no Kubernetes API: testModel({ kubernetes: true })");
    return this.#kubeServer;
  }

  // ---- the operator ------------------------------------------------------------------------

  /** `juju deploy`: `charm` (+ `metadata`) runs in-process; `charmFile` / `charmDir` as processes. */
  deploy<C>(name: string, spec: DeploySpec<C>): AppRecord {
    const watch = (dir: string) => {
      const charmDir = new CharmDirWatch(name, dir);
      charmDir.baseline();
      this.#charmDirs.push(charmDir);
    };
    const { meta, runner } = charmDeployment(spec, this.#host, join(this.#workDir, "charms", name), watch);
    const { units, config, trust, resources } = spec;
    // The runner first: deploy adds the units, and each unit needs its app's runner.
    this.agents.setRunner(name, runner);
    if ("charm" in spec) this.#processApps.delete(name);
    else this.#processApps.add(name);
    return this.model.deploy(name, meta, {
      ...(units === undefined ? {} : { units }),
      ...(config === undefined ? {} : { config }),
      ...(trust === undefined ? {} : { trust }),
      ...(resources === undefined ? {} : { resources }),
    });
  }

  /** `juju trust <app> --scope=cluster` / `juju trust --remove`: config-changed follows. */
  trust(app: string, trusted = true): void {
    this.model.setTrust(app, trusted);
  }

  /** `juju integrate a[:endpoint] b[:endpoint]`. */
  integrate(a: string, b: string): RelationRecord {
    return this.model.integrate(a, b);
  }

  /** `juju remove-relation`: departed and broken hooks, then the relation is gone. */
  removeRelation(relation: number | { id: number }): void {
    this.model.removeRelation(typeof relation === "number" ? relation : relation.id);
  }

  /** `juju remove-application`: every unit tears down, then the application is forgotten. */
  removeApp(app: string): void {
    this.agents.removeApplication(app);
  }

  /** `juju add-unit`; returns the new unit's name. */
  addUnit(app: string): string {
    return this.model.addUnit(app).name;
  }

  /** `juju remove-unit`. */
  removeUnit(unit: string): void {
    this.agents.removeUnit(unit);
  }

  /** `juju config app k=v ...`; null resets an option to its default. */
  config(app: string, values: Record<string, unknown>): void {
    this.model.setConfig(app, values);
  }

  /**
   * `juju model-config k=v ...`; null resets a key. Proxies (`juju-http-proxy` …) reach the next
   * hooks as JUJU_CHARM_HTTP_PROXY …; `automatically-retry-hooks: false` leaves failed hooks in
   * error until `resolve`.
   */
  modelConfig(values: Record<string, string | boolean | null>): void {
    this.model.setModelConfig(values);
  }

  /** Leadership moves to `unit` (leader-elected there, leader-settings-changed elsewhere). */
  setLeader(unit: string): void {
    this.model.setLeader(unit);
  }

  /**
   * Moves the model clock. Timers that come due (update-status, rotations, expiries, hook
   * retries) wait for the next settle(), each due timer giving one hook however far the
   * clock jumped, as a busy agent coalesces them.
   */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** `juju add-secret`; returns `secret:<xid>`. */
  addUserSecret(
    name: string,
    content: Record<string, string>,
    options: { description?: string } = {},
  ): string {
    return this.model.addUserSecret(name, content, options);
  }

  /** `juju update-secret`: a new revision; consumers that read it get secret-changed. */
  updateUserSecret(ref: string, content: Record<string, string>): void {
    this.model.updateUserSecret(ref, content);
  }

  /** `juju grant-secret`. */
  grantSecret(ref: string, app: string): void {
    this.model.grantSecret(ref, app);
  }

  /** `juju revoke-secret`. */
  revokeSecret(ref: string, app: string): void {
    this.model.revokeSecret(ref, app);
  }

  /**
   * Makes a revision expire `afterMs` from now, as `secret-set --expire` would have: the owner
   * gets secret-expired then, and every 5 minutes until the revision is removed.
   */
  expireRevision(ref: string, options: { owner?: string }, revision: number, afterMs: number): void {
    const view = findSecret(this.model, ref, options.owner);
    const record = view && this.model.state.secrets.get(view.xid)?.revisions.get(revision);
    if (!record) throw new ModelError(`secret ${JSON.stringify(ref)} has no revision ${revision}`);
    record.expireTime = new Date(this.clock.now().getTime() + afterMs);
  }

  /** A Pebble event for a unit's container, as its pod would raise it. */
  pebbleEvent(unit: string, event: PebbleEvent): void {
    this.agents.pebbleEvent(unit, event);
  }

  /** K8s pod churn: stop on the old pod, then upgrade-charm → config-changed → (leader-settings-changed) → start → pebble-ready. */
  restartPod(unit: string): void {
    this.agents.restartPod(unit);
  }

  /**
   * `juju resolve <unit>`: a unit in hook error re-runs the failed hook at the next settle; with
   * `noRetry` (`--no-retry`) the hook is marked resolved without running and the unit moves on.
   * Throws when the unit is not in error.
   */
  resolve(unit: string, options: { noRetry?: boolean } = {}): void {
    this.agents.resolve(unit, options);
  }

  /** The unit agent restarts: a failed pebble-ready is dropped, config-changed runs again. */
  restartAgent(unit: string): void {
    this.agents.restartAgent(unit);
  }

  // ---- running -----------------------------------------------------------------------------

  /**
   * Runs hooks until nothing is due at the current time (future timers stay pending); returns
   * the hooks and actions run. Throws LeakError when the leak scanner found something new.
   */
  async settle(): Promise<HookRecord[]> {
    const ran = await this.agents.settle();
    await this.#scan();
    return ran;
  }

  /** `juju run <unit> <action> k=v ...`, waiting for it: queues it, settles, returns the task. */
  async runAction(unit: string, name: string, params: Record<string, unknown> = {}): Promise<ActionResult> {
    const id = this.agents.queueAction(unit, name, params);
    await this.settle();
    const outcome = this.agents.actionOutcome(id);
    if (!outcome) {
      throw new Error(`action ${name} on ${unit} did not run: the unit has not installed, or is gone`);
    }
    const { id: _id, ...result } = outcome;
    return result;
  }

  /**
   * Runs one hook tool as `unit`, outside any hook, and drops whatever it would change: a probe
   * of what the unit may see (`juju exec --unit <unit> -- <tool> <args>` without the commit).
   */
  async runTool(unit: string, tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
    const context = this.model.openContext(unit, { hook: "" });
    try {
      return await context.run(tool, args, input);
    } finally {
      context.discard();
    }
  }

  /** `secret-get <ref> --format=json` as `unit` would run it, without side effects. */
  readSecretAs(unit: string, ref: string): Promise<ToolOutput> {
    return this.runTool(unit, "secret-get", [ref, "--format=json"]);
  }

  // ---- looking ---------------------------------------------------------------------------

  unitStatus(unit: string): UnitStatusView {
    return this.agents.unitStatus(unit);
  }

  appStatus(app: string): Pick<StatusInfo, "status" | "message"> {
    const { status, message } = this.model.app(app).status;
    return { status, message };
  }

  /** A relation databag: an application's (`"a"`) or a unit's (`"a/0"`). */
  databag(relationId: number, owner: string): Record<string, string> {
    const relation = this.model.relation(relationId);
    const bag = owner.includes("/") ? relation.unitData.get(owner) : relation.appData.get(owner);
    return Object.fromEntries(bag ?? []);
  }

  /** A secret by ID, label or user-secret name; `owner` (app or unit) narrows the search. */
  secret(ref: string, options: { owner?: string } = {}): SecretView | undefined {
    return findSecret(this.model, ref, options.owner);
  }

  secrets(options: { owner?: string } = {}): SecretView[] {
    return secretViews(this.model, options.owner);
  }

  /** Every hook and action run so far, in order. */
  get hookLog(): HookRecord[] {
    return this.agents.hookLog;
  }

  /** A unit's log: juju-log records and its hooks' output lines. */
  logs(unit: string): LogRecord[] {
    return this.model.logs.filter((record) => record.unit === unit);
  }

  /** Everything the leak scanner has found so far. */
  leaks(): LeakFinding[] {
    return this.scanner.findings();
  }

  // ---- faults and declarations -------------------------------------------------------------

  /** The `nth` matching tool call of a hook of `unit` gets `output` (exit 1 by default) instead. */
  failToolCall(fault: ToolCallFault): void {
    this.agents.faults.failToolCall(fault);
  }

  /** The next matching hook of `unit` is killed once its `n`-th tool call was answered, and runs again. */
  killHookAfterToolCall(fault: HookKillFault): void {
    this.agents.faults.killHookAfterToolCall(fault);
  }

  /** A workload file that is meant to hold the app's credentials: it may hold secrets, with mode 0600. */
  declareCredentialFile(unit: string, container: string, path: string): void {
    this.#credentialFiles.add(credentialFileKey(unit, container, path));
  }

  /**
   * A directory on the host where an app the test runs outside the model keeps its credentials
   * (a stand-in's database holding the download clients' keys, as the real app's does): the
   * host temp dir scan leaves it alone. Pods' files are declared with declareCredentialFile.
   */
  declareHostCredentialDir(path: string): void {
    this.#hostCredentialDirs.push(path);
  }

  /** A workload process dies (SIGKILL) as if it crashed; Pebble's on-failure rules apply. */
  async killWorkload(unit: string, container: string, service: string): Promise<void> {
    if (!(await this.#faults(unit).killService(container, service))) {
      throw new Error(`service ${service} is not running in container ${container} of ${unit}`);
    }
  }

  /** The container's Pebble goes away: the charm cannot connect until startPebble. */
  stopPebble(unit: string, container: string): Promise<void> {
    return this.#faults(unit).stopPebble(container);
  }

  /** A fresh Pebble in a fresh container (storage kept): pebble-ready comes at the next settle. */
  startPebble(unit: string, container: string): Promise<void> {
    return this.#faults(unit).startPebble(container);
  }

  #faults(unit: string): NonNullable<UnitPod["faults"]> {
    const faults = this.agents.pods().get(unit)?.faults;
    if (!faults)
      throw new Error(`unit ${unit} has no workload pod (settle first, and deploy a charm with containers)`);
    return faults;
  }

  /** Stops pods and the tool server, removes temp files; throws LeakError for leaks not reported yet. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#scan();
    } finally {
      await this.agents.close();
      await this.#kubeServer?.close();
      await this.#host.close();
      rmSync(this.#workDir, { recursive: true, force: true });
    }
  }

  async #scan(): Promise<void> {
    await this.#inspectAll();
    const fresh = this.scanner.takeUnreported();
    if (fresh.length > 0) throw new LeakError(fresh);
  }

  /** Every surface, values first (so texts are checked against everything known now). */
  async #inspectAll(options: { afterHook?: boolean } = {}): Promise<void> {
    const scanner = this.scanner;
    const started = Date.now();
    learnModelSecrets(scanner, this.model);
    this.#scannedLogs = inspectJujuLogs(scanner, this.model, this.#scannedLogs);
    inspectRelationData(scanner, this.model);
    inspectUnitState(scanner, this.model);
    await inspectPods(scanner, this.#reader, this.agents.pods(), this.#credentialFiles, {
      tolerant: options.afterHook === true,
    });
    for (const charmDir of this.#charmDirs) charmDir.inspect(this.#reader, scanner, this.#killedLast);
    inspectHostTemp(this.#reader, [...new Set([tmpdir(), "/tmp"])], this.#tempSince, [
      this.#workDir,
      ...this.#hostCredentialDirs,
    ]);
    this.#tempSince = started;
  }
}

/** A fresh test model; close() it after the test. */
export async function testModel(options: TestModelOptions = {}): Promise<TestModel> {
  // Short: the hook-tool socket lives here and sun_path holds 107 bytes.
  const workDir = mkdtempSync(join(tmpdir(), "tm-"));
  const host = await startProcessHost(
    join(workDir, "p"),
    options.launcher ? { launcher: options.launcher } : {},
  );
  const model = new TestModel({ ...options, clock: options.clock ?? new ManualClock(), host, workDir });
  await model.startKubernetes();
  return model;
}
