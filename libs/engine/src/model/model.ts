import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HookContext } from "../hook-context/hook-context";
import type { ContextOptions, HookEnv } from "../hook-context/hook-env";
import type { AgentFacts } from "../unit-process/juju-env";
import { type CharmMeta, type ConfigValue, parseCharmMeta } from "./charm-meta";
import { type ModelClock, systemClock } from "./clock";
import { applyHookChanges } from "./commit";
import { CommitError, type CommitResult } from "./commit-error";
import { ConfigError, coerceConfigValue, effectiveConfig } from "./config";
import type { HookChanges } from "./hook-changes";
import { applyModelConfig, MODEL_CONFIG_DEFAULTS, type ModelConfig } from "./model-config";
import type { ModelNotification } from "./notifications";
import type { LogLevel, LogRecord, TaskRecord } from "./records";
import {
  checkRelationLimit,
  inferEndpoints,
  RelationError,
  relationKey,
  relationsOf,
  remoteUnits,
  scopeSettings,
  unitsOf,
} from "./relations";
import { decodeSecretValue, encodePlainSecret, sameSecretContent } from "./secret-content";
import { rescheduleAfterRotate } from "./secret-schedule";
import { notifySecretChanged } from "./secret-tracking";
import { parseSecretUri, shortSecretUri } from "./secret-uri";
import {
  type AppRecord,
  emptyModelState,
  type ModelState,
  newSecretRecord,
  type RelationRecord,
  type ResourceRecord,
  type SecretRecord,
  type StatusInfo,
  type UnitRecord,
} from "./state";
import { newXid } from "./xid";

/**
 * Juju's application names: lowercase letters and digits in hyphen-separated segments, each
 * segment holding a letter (`keeper-0` is refused: unit names would be ambiguous).
 */
const APPLICATION_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;

/** The cloud credential credential-get returns to trusted applications. */
export interface CloudSpec {
  type: string;
  name: string;
  region?: string;
  endpoint?: string;
  credential?: { "auth-type": string; attrs?: Record<string, string>; redacted?: string[] };
  cacertificates?: string[];
  "skip-tls-verify": boolean;
  "is-controller-cloud": boolean;
}

export interface ModelOptions {
  uuid?: string;
  name?: string;
  clock?: ModelClock;
  /** Where resource-get writes files; a temp dir per model by default. */
  dataDir?: string;
  cloudSpec?: CloudSpec;
  /**
   * The second octet of unit addresses: 127.<block>.x.y, the addresses of units without a pod
   * network (in-process charms, pods without real workloads). A unit whose pod has a network
   * namespace takes its pod IP instead (setUnitAddress). Models that share the host network (test
   * files running in parallel) and run apps on the same ports need blocks of their own.
   * Default 0 (127.0.1.1, 127.0.1.2 ...).
   */
  addressBlock?: number;
  /** JUJU_API_ADDRESSES: the controller's `host:port`s. Default one on 17070 (nothing listens). */
  apiAddresses?: readonly string[];
  /** JUJU_AVAILABILITY_ZONE; default "" (unknown, as on MicroK8s). */
  availabilityZone?: string;
  /** CLOUD_API_VERSION: on Kubernetes the cluster's version. Default "1.31.0". */
  cloudApiVersion?: string;
  /** KUBERNETES_SERVICE_HOST / _PORT of a Kubernetes model's pods. Default MicroK8s's 10.152.183.1:443. */
  kubernetesService?: { host: string; port: number };
}

export interface DeployOptions {
  units?: number;
  config?: Record<string, unknown>;
  trust?: boolean;
  /** Resource name to an OCI image reference or a file path (by the resource's type), or a full record. */
  resources?: Record<string, string | ResourceRecord>;
}

export class ModelError extends Error {}

const DEFAULT_CLOUD: CloudSpec = {
  type: "kubernetes",
  name: "microk8s",
  region: "localhost",
  endpoint: "https://127.0.0.1:16443",
  credential: { "auth-type": "clientcertificate", attrs: { ClientCertificateData: "", ClientKeyData: "" } },
  "skip-tls-verify": false,
  "is-controller-cloud": true,
};

const isCharmMeta = (charm: CharmMeta | Record<string, unknown>): charm is CharmMeta =>
  "endpoints" in charm && "extraBindings" in charm;

/** 127.<block>.1.1, 127.<block>.1.2, ... 127.<block>.1.254, 127.<block>.2.1, ... */
const addressFor = (block: number, n: number): string =>
  `127.${block}.${1 + Math.floor((n - 1) / 254)}.${((n - 1) % 254) + 1}`;

/**
 * The embedded Juju model: applications, units, relations, secrets and the operator actions on
 * them, plus the commit path for hook contexts. Records handed out are the current state; a
 * commit replaces state atomically, so re-read after running a hook.
 */
export class Model {
  readonly uuid: string;
  readonly name: string;
  readonly clock: ModelClock;
  readonly dataDir: string;
  cloudSpec: CloudSpec;
  readonly logs: LogRecord[] = [];
  readonly tasks = new Map<string, TaskRecord>();
  /** Test hook: return an error text to make the next commits of a unit fail at flush. */
  commitFault: ((unit: string, changes: HookChanges) => string | undefined) | undefined;
  /** `juju model-config`: set it with setModelConfig. */
  readonly modelConfig: ModelConfig = { ...MODEL_CONFIG_DEFAULTS };
  #state: ModelState = emptyModelState();
  readonly #addressBlock: number;
  readonly #options: ModelOptions;
  #kubernetesService: { host: string; port: number } | undefined;

  constructor(options: ModelOptions = {}) {
    this.#options = options;
    this.#kubernetesService = options.kubernetesService;
    this.uuid = options.uuid ?? randomUUID();
    this.name = options.name ?? "charmarr";
    const block = options.addressBlock ?? 0;
    if (!Number.isInteger(block) || block < 0 || block > 255)
      throw new RangeError(`address block ${block} is not 0-255`);
    this.#addressBlock = block;
    this.clock = options.clock ?? systemClock;
    this.dataDir = options.dataDir ?? join(tmpdir(), `charmarr-model-${this.uuid}`);
    this.cloudSpec = options.cloudSpec ?? DEFAULT_CLOUD;
  }

  /** The current state (read it; change it through the methods). */
  get state(): ModelState {
    return this.#state;
  }

  now(): Date {
    return this.clock.now();
  }

  // ---- lookups -------------------------------------------------------------------------

  app(name: string): AppRecord {
    const app = this.#state.apps.get(name);
    if (!app) throw new ModelError(`application ${JSON.stringify(name)} not found`);
    return app;
  }

  unit(name: string): UnitRecord {
    const unit = this.#state.units.get(name);
    if (!unit) throw new ModelError(`unit ${JSON.stringify(name)} not found`);
    return unit;
  }

  relation(id: number): RelationRecord {
    const relation = this.#state.relations.get(id);
    if (!relation) throw new ModelError(`relation ${id} not found`);
    return relation;
  }

  units(app: string): string[] {
    return unitsOf(this.#state, app);
  }

  /** Relations of `app`, optionally on one endpoint. */
  relations(app: string, endpoint?: string): RelationRecord[] {
    return relationsOf(this.#state, app).filter(
      (r) => endpoint === undefined || r.endpoints.some((ep) => ep.app === app && ep.endpoint === endpoint),
    );
  }

  /** config-get's view of an application's config (null: unset without default). */
  config(app: string): Record<string, ConfigValue | null> {
    const record = this.app(app);
    return effectiveConfig(record.meta.config, record.config);
  }

  // ---- applications and units ----------------------------------------------------------

  /** `juju deploy`: adds the application, its units (the first becomes leader) and peer relations. */
  deploy(
    name: string,
    charm: string | CharmMeta | Record<string, unknown>,
    options: DeployOptions = {},
  ): AppRecord {
    if (!APPLICATION_NAME.test(name))
      throw new ModelError(`invalid application name ${JSON.stringify(name)}`);
    if (this.#state.apps.has(name))
      throw new ModelError(`application ${JSON.stringify(name)} already exists`);
    const meta = typeof charm === "string" || !isCharmMeta(charm) ? parseCharmMeta(charm) : charm;
    const now = this.now();
    const app: AppRecord = {
      name,
      meta,
      config: new Map(),
      leader: undefined,
      status: { status: "unknown", message: "", data: {}, since: now },
      version: "",
      trusted: options.trust ?? false,
      resources: new Map(),
      nextUnit: 0,
      createdAt: now,
    };
    this.#state.apps.set(name, app);
    for (const [resource, value] of Object.entries(options.resources ?? {}))
      this.attachResource(name, resource, value);
    if (options.config) this.setConfig(name, options.config);
    for (const ep of Object.values(meta.endpoints).filter((e) => e.role === "peer")) {
      const endpoints = [{ app: name, endpoint: ep.name, role: ep.role, interface: ep.interface }];
      this.#addRelation(endpoints);
    }
    for (let i = 0; i < (options.units ?? 1); i++) this.addUnit(name);
    return app;
  }

  /** `juju add-unit`: a new unit with its address, storage and relation scope settings. */
  addUnit(appName: string, options: { address?: string } = {}): UnitRecord {
    const app = this.app(appName);
    const now = this.now();
    const number = app.nextUnit++;
    const storage = Object.entries(app.meta.storage).map(([name, spec]) => {
      const n = this.#state.nextStorage.get(name) ?? 0;
      this.#state.nextStorage.set(name, n + 1);
      return {
        id: `${name}/${n}`,
        kind: spec.type,
        location: spec.location ?? `/var/lib/juju/storage/${name}/${n}`,
      };
    });
    const unit: UnitRecord = {
      name: `${appName}/${number}`,
      app: appName,
      number,
      address: options.address ?? addressFor(this.#addressBlock, this.#state.nextUnitAddress++),
      workloadStatus: { status: "waiting", message: "installing agent", data: {}, since: now },
      workloadVersion: "",
      openedPorts: new Map(),
      state: new Map(),
      storage,
      createdAt: now,
    };
    this.#state.units.set(unit.name, unit);
    for (const relation of relationsOf(this.#state, appName)) {
      relation.unitData.set(unit.name, scopeSettings(unit.address));
    }
    if (app.leader === undefined) app.leader = unit.name;
    return unit;
  }

  /** Removes a unit; a lost leader is replaced by the lowest remaining unit. Its relation data stays readable. */
  removeUnit(name: string): void {
    const unit = this.unit(name);
    this.#state.units.delete(name);
    for (const [xid, secret] of this.#state.secrets) {
      if (secret.owner.kind === "unit" && secret.owner.name === name) this.#state.secrets.delete(xid);
    }
    const app = this.app(unit.app);
    if (app.leader === name) app.leader = unitsOf(this.#state, unit.app)[0];
  }

  /**
   * The end of `juju remove-application`, once its units are gone: the application, its
   * relations and the secrets it owns disappear.
   */
  removeApplication(name: string): void {
    this.app(name);
    if (unitsOf(this.#state, name).length > 0) {
      throw new ModelError(`application ${JSON.stringify(name)} still has units`);
    }
    for (const relation of relationsOf(this.#state, name)) this.purgeRelation(relation.id);
    for (const [xid, secret] of this.#state.secrets) {
      if (secret.owner.kind === "application" && secret.owner.name === name) this.#state.secrets.delete(xid);
    }
    this.#state.apps.delete(name);
  }

  /** Moves leadership (takes effect immediately, even mid-hook: is-leader is never cached here). */
  setLeader(unit: string): void {
    this.app(this.unit(unit).app).leader = unit;
  }

  /** `juju config app k=v`: strings are parsed by option type; null or undefined resets to the default. */
  setConfig(appName: string, values: Record<string, unknown>): void {
    const app = this.app(appName);
    const parsed = new Map<string, ConfigValue | null>();
    for (const [name, value] of Object.entries(values)) {
      const option = app.meta.config[name];
      if (!option) throw new ConfigError(`unknown option ${JSON.stringify(name)}`);
      parsed.set(name, value === null || value === undefined ? null : coerceConfigValue(name, option, value));
    }
    for (const [name, value] of parsed) {
      if (value === null) app.config.delete(name);
      else app.config.set(name, value);
    }
  }

  /** `juju model-config k=v …`; `null` resets a key. The next hook sees the change. */
  setModelConfig(values: Readonly<Record<string, string | boolean | null | undefined>>): void {
    applyModelConfig(this.modelConfig, values);
  }

  /** What the unit agents put in every hook's environment besides the unit's own facts (§1.2). */
  agentFacts(): AgentFacts {
    const c = this.modelConfig;
    const k8s = this.#kubernetesService ?? { host: "10.152.183.1", port: 443 };
    return {
      apiAddresses: this.#options.apiAddresses ?? ["127.0.0.1:17070"],
      availabilityZone: this.#options.availabilityZone ?? "",
      cloudApiVersion: this.#options.cloudApiVersion ?? "1.31.0",
      proxy: {
        http: c["juju-http-proxy"],
        https: c["juju-https-proxy"],
        ftp: c["juju-ftp-proxy"],
        noProxy: c["juju-no-proxy"],
      },
      legacyProxy: {
        http: c["http-proxy"],
        https: c["https-proxy"],
        ftp: c["ftp-proxy"],
        noProxy: c["no-proxy"],
      },
      ...(this.cloudSpec.type === "kubernetes"
        ? { kubernetesService: { host: k8s.host, port: String(k8s.port) } }
        : {}),
    };
  }

  /**
   * A controller restart: the model takes back a state saved from `state` (node:v8 or
   * structuredClone of it), before any unit agent runs. Its own copy is kept.
   */
  restoreState(state: ModelState): void {
    this.#state = structuredClone(state);
  }

  /** Where hooks find the Kubernetes API from now on (the engine's own server, once it listens). */
  setKubernetesService(service: { host: string; port: number }): void {
    this.#kubernetesService = { ...service };
  }

  /** `juju trust` / `juju trust --remove`. */
  setTrust(app: string, trusted: boolean): void {
    this.app(app).trusted = trusted;
  }

  /**
   * Changes a unit's address, as a recreated pod's new IP does: network-get answers with it, the
   * unit's relation settings (`ingress-address`, `private-address`, `egress-subnets`) follow where
   * they still held the old address, and the remote units of those relations are owed
   * relation-changed. The unit itself sees config-changed (the address is part of its config hash).
   */
  setUnitAddress(unit: string, address: string): void {
    const record = this.unit(unit);
    const previous = scopeSettings(record.address);
    if (record.address === address) return;
    record.address = address;
    for (const relation of relationsOf(this.#state, record.app)) {
      const bag = relation.unitData.get(unit);
      if (!bag) continue;
      let changed = false;
      for (const [key, value] of scopeSettings(address)) {
        if (bag.has(key) && bag.get(key) !== previous.get(key)) continue; // the charm's own value
        bag.set(key, value);
        changed = true;
      }
      if (!changed || relation.life !== "alive") continue;
      for (const receiver of remoteUnits(this.#state, relation, unit)) {
        this.#state.notifications.push({
          kind: "relation-changed",
          relationId: relation.id,
          unit: receiver,
          remoteUnit: unit,
          remoteApp: record.app,
        });
      }
    }
  }

  /** `juju attach-resource` / `--resource` at deploy. */
  attachResource(appName: string, resource: string, value: string | ResourceRecord): void {
    const app = this.app(appName);
    const meta = app.meta.resources[resource];
    if (!meta) throw new ModelError(`charm has no resource ${JSON.stringify(resource)}`);
    const record: ResourceRecord =
      typeof value !== "string"
        ? value
        : meta.type === "file"
          ? { kind: "file", path: value }
          : { kind: "oci-image", image: value };
    app.resources.set(resource, record);
  }

  // ---- relations -----------------------------------------------------------------------

  /** `juju integrate a[:ep] b[:ep]`. */
  integrate(a: string, b: string): RelationRecord {
    const endpoints = inferEndpoints(this.#state, a, b);
    const key = relationKey(endpoints);
    const existing = [...this.#state.relations.values()].find((r) => r.key === key);
    if (existing) throw new RelationError(`cannot add relation "${key}": relation ${key} already exists`);
    for (const ep of endpoints) checkRelationLimit(this.#state, ep);
    return this.#addRelation(endpoints);
  }

  #addRelation(endpoints: RelationRecord["endpoints"]): RelationRecord {
    const relation: RelationRecord = {
      id: this.#state.nextRelationId++,
      key: relationKey(endpoints),
      endpoints,
      life: "alive",
      unitData: new Map(),
      appData: new Map(endpoints.map((ep) => [ep.app, new Map<string, string>()])),
      createdAt: this.now(),
    };
    for (const ep of endpoints) {
      for (const unit of unitsOf(this.#state, ep.app)) {
        relation.unitData.set(unit, scopeSettings(this.unit(unit).address));
      }
    }
    this.#state.relations.set(relation.id, relation);
    return relation;
  }

  /**
   * `juju remove-relation`: the relation becomes dying and its secret grants are dropped at
   * once. It stays visible to hooks until purgeRelation (after the broken hooks ran).
   */
  removeRelation(id: number): void {
    this.relation(id).life = "dying";
    for (const secret of this.#state.secrets.values()) {
      secret.grants = secret.grants.filter((g) => g.relationId !== id);
    }
  }

  purgeRelation(id: number): void {
    this.removeRelation(id);
    this.#state.relations.delete(id);
  }

  // ---- secrets -------------------------------------------------------------------------

  /** A secret by URI, xid, or (user secrets) name. */
  secret(ref: string): SecretRecord | undefined {
    const parsed = parseSecretUri(ref);
    if (parsed) return this.#state.secrets.get(parsed.xid);
    return [...this.#state.secrets.values()].find((s) => s.owner.kind === "model" && s.label === ref);
  }

  #secret(ref: string): SecretRecord {
    const secret = this.secret(ref);
    if (!secret) throw new ModelError(`secret ${JSON.stringify(ref)} not found`);
    return secret;
  }

  /** Decoded content of a revision (latest by default). */
  secretContent(ref: string, revision?: number): Record<string, string> {
    const secret = this.#secret(ref);
    const rev = secret.revisions.get(revision ?? secret.latestRevision);
    if (!rev) throw new ModelError(`secret ${JSON.stringify(ref)} has no revision ${revision}`);
    return Object.fromEntries(Object.entries(rev.content).map(([k, v]) => [k, decodeSecretValue(v)]));
  }

  /** `juju add-secret <name> k=v...`: a model-owned user secret; returns `secret:<xid>`. */
  addUserSecret(
    name: string,
    content: Record<string, string>,
    options: { description?: string } = {},
  ): string {
    if (this.secret(name)) throw new ModelError(`secret with name ${JSON.stringify(name)} already exists`);
    const now = this.now();
    const xid = newXid(now);
    const secret = newSecretRecord(xid, { kind: "model", name: this.uuid }, encodePlainSecret(content), now);
    secret.label = name;
    if (options.description !== undefined) secret.description = options.description;
    this.#state.secrets.set(xid, secret);
    return shortSecretUri(xid);
  }

  /** `juju update-secret`: new content makes a new revision; consumers that read it are owed secret-changed. */
  updateUserSecret(
    ref: string,
    content: Record<string, string>,
    options: { description?: string } = {},
  ): void {
    const secret = this.#userSecret(ref);
    const encoded = encodePlainSecret(content);
    const latest = secret.revisions.get(secret.latestRevision);
    const now = this.now();
    if (options.description !== undefined) secret.description = options.description;
    secret.updatedAt = now;
    if (latest && sameSecretContent(latest.content, encoded)) return;
    secret.latestRevision += 1;
    secret.revisions.set(secret.latestRevision, {
      revision: secret.latestRevision,
      content: encoded,
      createdAt: now,
    });
    notifySecretChanged(this.#state, secret);
  }

  /** `juju remove-secret [--revision N]`. */
  removeUserSecret(ref: string, revision?: number): void {
    const secret = this.#userSecret(ref);
    if (revision !== undefined) secret.revisions.delete(revision);
    if (revision === undefined || secret.revisions.size === 0) this.#state.secrets.delete(secret.xid);
  }

  /** `juju grant-secret <secret> <app>`. */
  grantSecret(ref: string, app: string): void {
    this.app(app);
    const secret = this.#userSecret(ref);
    if (!secret.grants.some((g) => g.target.kind === "application" && g.target.name === app)) {
      secret.grants.push({ target: { kind: "application", name: app }, role: "view" });
    }
  }

  /** `juju revoke-secret <secret> <app>`. */
  revokeSecret(ref: string, app: string): void {
    const secret = this.#userSecret(ref);
    secret.grants = secret.grants.filter((g) => !(g.target.kind === "application" && g.target.name === app));
  }

  #userSecret(ref: string): SecretRecord {
    const secret = this.#secret(ref);
    if (secret.owner.kind !== "model")
      throw new ModelError(`secret ${JSON.stringify(ref)} is not a user secret`);
    return secret;
  }

  /** The uniter's SecretsRotated after a successful secret-rotate hook run outside a context. */
  secretRotated(ref: string, originalRevision: number): void {
    rescheduleAfterRotate(this.#secret(ref), originalRevision, this.now());
  }

  // ---- notifications -------------------------------------------------------------------

  get notifications(): readonly ModelNotification[] {
    return this.#state.notifications;
  }

  /** Returns and clears the pending notifications. */
  takeNotifications(): ModelNotification[] {
    const taken = this.#state.notifications;
    this.#state.notifications = [];
    return taken;
  }

  // ---- hook contexts -------------------------------------------------------------------

  /** Opens a hook (or action) context for `unit`; run tools through it, then commit or discard. */
  openContext(unit: string, env: HookEnv, options: ContextOptions = {}): HookContext {
    this.unit(unit);
    return new HookContext(this, unit, env, options);
  }

  /** Applies a hook's buffered changes atomically; a rejection leaves the model untouched. */
  commitHookChanges(unit: string, changes: HookChanges): CommitResult {
    const fault = this.commitFault?.(unit, changes);
    if (fault) return { ok: false, error: fault };
    const draft = structuredClone(this.#state);
    try {
      applyHookChanges(draft, unit, changes, this.now());
    } catch (err) {
      if (err instanceof CommitError) return { ok: false, error: err.message };
      throw err;
    }
    this.#state = draft;
    return { ok: true };
  }

  // ---- immediate effects of hook tools ---------------------------------------------------

  setUnitStatus(unit: string, status: Omit<StatusInfo, "since">): void {
    this.unit(unit).workloadStatus = { ...status, since: this.now() };
  }

  setAppStatus(app: string, status: Omit<StatusInfo, "since">): void {
    this.app(app).status = { ...status, since: this.now() };
  }

  /** application-version-set: the unit's workload version, shown as the app's Version. */
  setWorkloadVersion(unit: string, version: string): void {
    const record = this.unit(unit);
    record.workloadVersion = version;
    this.app(record.app).version = version;
  }

  log(unit: string, level: LogLevel, message: string, module = `unit.${unit}.juju-log`): void {
    this.logs.push({ time: this.now(), unit, module, level, message });
  }
}
