import { randomInt } from "node:crypto";
import type { ToolOutput, ToolRunner } from "@charmarr/charm";
import { ToolError } from "../hook-tools/errors";
import { HOOK_TOOLS } from "../hook-tools/registry";
import { runTool } from "../hook-tools/tool";
import type {
  ContextRelation,
  GoalState,
  SecretCreateArgs,
  SecretMetadataView,
  SecretUpsertArgs,
  ToolContext,
} from "../hook-tools/tool-context";
import type { ConfigOptionType, ConfigValue } from "../model/charm-meta";
import type { CommitResult } from "../model/commit-error";
import { effectiveConfig } from "../model/config";
import { emptyHookChanges, type HookChanges } from "../model/hook-changes";
import { NOT_LEADER, PERMISSION_DENIED } from "../model/juju-errors";
import type { CloudSpec, Model } from "../model/model";
import type { PortRange } from "../model/ports";
import type { LogLevel, TaskRecord } from "../model/records";
import { isPeer, localEndpoint, otherApp, relationsOf, remoteUnits, unitsOf } from "../model/relations";
import { parseSecretUri } from "../model/secret-uri";
import type { AppRecord, StatusInfo, StorageAttachment, UnitRecord } from "../model/state";
import { addResult } from "./action-results";
import { eventVars } from "./event-vars";
import { goalStateFor } from "./goal-state";
import type { ContextOptions, HookEnv } from "./hook-env";
import { PortBuffer } from "./port-buffer";
import { RelationBuffer } from "./relation-buffer";
import { resourceFile } from "./resource-file";
import { SecretBuffer } from "./secret-buffer";

const MAX_STATE_KEY = 256;
const MAX_STATE_VALUE = 64 * 1024;
const NOT_ACTION = "not running an action";

/**
 * One hook (or action) run of one unit, as the uniter's HookContext: hook tools run against it
 * through `run` (the framework's ToolRunner), buffered changes wait for `commit()` (exit 0) or
 * vanish on `discard()`, and status, version, juju-log and action-log land at once.
 */
export class HookContext implements ToolRunner, ToolContext {
  readonly id: string;
  readonly unitName: string;
  readonly appName: string;
  readonly env: HookEnv;
  readonly cwd: string;
  readonly #model: Model;
  readonly #options: ContextOptions;
  readonly #relations: Map<number, ContextRelation>;
  readonly #relationData = new RelationBuffer();
  readonly #ports: PortBuffer;
  readonly #secrets: SecretBuffer;
  readonly #storageAdds: { storage: string; count: number }[] = [];
  readonly #rotated: HookChanges["rotated"];
  #config: Record<string, { type: ConfigOptionType; value: ConfigValue | null }> | undefined;
  #status: StatusInfo | undefined;
  #charmState: Map<string, string> | undefined;
  #charmStateDirty = false;
  #phase: "running" | "committed" | "discarded" = "running";
  #queue: Promise<unknown> = Promise.resolve();
  readonly #action: { failed: boolean; message: string; results: Record<string, unknown> } = {
    failed: false,
    message: "",
    results: {},
  };

  constructor(model: Model, unit: string, env: HookEnv, options: ContextOptions = {}) {
    this.#model = model;
    this.unitName = unit;
    this.appName = model.unit(unit).app;
    this.env = env;
    this.#options = options;
    this.cwd = options.cwd ?? process.cwd();
    this.id = options.id ?? `${unit}-${env.hook || env.action?.name || "run"}-${randomInt(2 ** 47)}`;
    // Juju builds the relation contexts once, when the hook starts.
    this.#relations = new Map(
      relationsOf(model.state, this.appName).map((r) => {
        const endpoint = localEndpoint(r, this.appName)?.endpoint ?? "";
        const info = {
          id: r.id,
          endpoint,
          fakeId: `${endpoint}:${r.id}`,
          key: r.key,
          remoteApp: otherApp(r, this.appName),
        };
        return [r.id, info];
      }),
    );
    this.#ports = new PortBuffer(unit, () => this.#unit.openedPorts);
    this.#secrets = new SecretBuffer(model, unit, () => this.isLeader());
    const rotating = env.hook === "secret-rotate" && env.secret ? parseSecretUri(env.secret.uri) : undefined;
    const secret = rotating ? model.state.secrets.get(rotating.xid) : undefined;
    this.#rotated = secret ? { xid: secret.xid, originalRevision: secret.latestRevision } : undefined;
    if (env.action) {
      model.tasks.set(env.action.id, {
        id: env.action.id,
        unit,
        action: env.action.name,
        params: env.action.params,
        status: "running",
        message: "",
        results: {},
        log: [],
      });
    }
  }

  get #unit(): UnitRecord {
    return this.#model.unit(this.unitName);
  }

  get #app(): AppRecord {
    return this.#model.app(this.appName);
  }

  get #task(): TaskRecord | undefined {
    return this.env.action ? this.#model.tasks.get(this.env.action.id) : undefined;
  }

  // ---- ToolRunner ------------------------------------------------------------------------

  /** Runs one hook tool; calls are serialised, as the uniter's are. */
  run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
    const result = this.#queue.then(() => this.#run(tool, args, input));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #run(tool: string, args: readonly string[], input: string | undefined): Promise<ToolOutput> {
    if (this.#phase !== "running") {
      return { stdout: "", stderr: `ERROR bad request: context ${this.id} is not running\n`, exitCode: 1 };
    }
    const definition = HOOK_TOOLS.get(tool);
    if (!definition) return { stdout: "", stderr: `${tool}: command not found\n`, exitCode: 127 };
    return runTool(definition, this, args, input);
  }

  /** This hook's per-event JUJU_* variables (relation, secret, storage, workload). */
  eventVars(): Record<string, string> {
    const relationId = this.hookRelationId();
    const relation = relationId === undefined ? undefined : this.#relations.get(relationId);
    const storageId = this.hookStorageId();
    return eventVars(this.env, relation, storageId === undefined ? undefined : this.storage(storageId));
  }

  // ---- commit / discard ------------------------------------------------------------------

  /** The changes this hook would send at exit 0. */
  changes(): HookChanges {
    const changes = emptyHookChanges();
    changes.relationSettings = this.#relationData.changes();
    changes.openPorts = [...this.#ports.open];
    changes.closePorts = [...this.#ports.close];
    if (this.#charmStateDirty && this.#charmState) changes.charmState = new Map(this.#charmState);
    changes.storageAdds = [...this.#storageAdds];
    const s = this.#secrets;
    changes.secretCreates = [...s.creates.values()];
    changes.secretUpdates = [...s.updates.values()];
    changes.secretDeletes = [...s.deletes].map(([xid, revisions]) => ({ xid, revisions }));
    changes.secretGrants = [...s.grants.values()].flatMap((byRelation) => [...byRelation.values()]);
    changes.secretRevokes = [...s.revokes.values()].flat();
    changes.secretConsumers = [...s.consumers.values()];
    changes.secretTrackLatest = [...s.trackLatest];
    if (this.#rotated) changes.rotated = this.#rotated;
    return changes;
  }

  /** Hook exited 0: flush everything in one go. A rejected flush means the hook failed. */
  commit(): CommitResult {
    this.#close("committed");
    const result = this.#model.commitHookChanges(this.unitName, this.changes());
    this.#finishTask(result.ok ? undefined : "committing requested changes failed");
    return result;
  }

  /** Hook exited non-zero: drop every buffered change. Immediate effects stay. */
  discard(reason = "exit status 1"): void {
    this.#close("discarded");
    // action-set results are still reported with a failed task.
    this.#finishTask(reason);
  }

  #close(phase: "committed" | "discarded"): void {
    if (this.#phase !== "running") throw new Error(`hook context ${this.id} is already ${this.#phase}`);
    this.#phase = phase;
  }

  #finishTask(failure: string | undefined): void {
    const task = this.#task;
    if (!task) return;
    task.results = this.#action.results;
    task.status = failure !== undefined || this.#action.failed ? "failed" : "completed";
    task.message = this.#action.message || failure || "";
  }

  // ---- ToolContext: basics ---------------------------------------------------------------

  now(): Date {
    return this.#model.now();
  }

  config(): Record<string, { type: ConfigOptionType; value: ConfigValue | null }> {
    // Read once per hook, like the uniter's cached ConfigSettings.
    if (!this.#config) {
      const { meta, config } = this.#app;
      const values = effectiveConfig(meta.config, config);
      this.#config = Object.fromEntries(
        Object.entries(meta.config).map(([name, option]) => [
          name,
          { type: option.type, value: values[name] ?? null },
        ]),
      );
    }
    return this.#config;
  }

  isLeader(): boolean {
    return this.#app.leader === this.unitName;
  }

  // ---- relations -------------------------------------------------------------------------

  hookRelationId(): number | undefined {
    const id = this.env.relationId;
    return id !== undefined && this.#relations.has(id) ? id : undefined;
  }

  relation(id: number): ContextRelation | undefined {
    return this.#relations.get(id);
  }

  relationIds(): number[] {
    return [...this.#relations.keys()];
  }

  relationMembers(id: number): string[] {
    const relation = this.#model.state.relations.get(id);
    let members =
      this.#options.members?.(id) ??
      (relation ? remoteUnits(this.#model.state, relation, this.unitName) : []);
    if (this.env.hook.endsWith("-relation-departed") && this.env.relationId === id) {
      members = members.filter((u) => u !== this.env.departingUnit);
    }
    return [...members].sort(); // sort.Strings
  }

  remoteUnitName(): string | undefined {
    return this.env.remoteUnit || undefined;
  }

  remoteAppName(): string | undefined {
    return this.env.remoteApp || undefined;
  }

  readRelationSettings(id: number, target: { unit: string } | { app: string }): Record<string, string> {
    const relation = this.#model.state.relations.get(id);
    const info = this.#relations.get(id);
    if (!relation || !info) throw new ToolError("relation not found");
    if ("unit" in target) {
      if (target.unit === this.unitName)
        return this.#relationData.overlay(id, false, relation.unitData.get(this.unitName));
      const bag = relation.unitData.get(target.unit);
      const app = target.unit.slice(0, target.unit.lastIndexOf("/"));
      if (!bag || !relation.endpoints.some((ep) => ep.app === app)) {
        throw new ToolError(
          `cannot read settings for unit ${JSON.stringify(target.unit)} in relation ${JSON.stringify(relation.key)}: settings not found`,
        );
      }
      return Object.fromEntries(bag);
    }
    if (target.app === this.appName) {
      // The leader reads its own app bag from the context, pending writes included. Other
      // units may read it only on a peer relation, from the controller (committed data).
      if (this.isLeader()) return this.#relationData.overlay(id, true, relation.appData.get(this.appName));
      if (!isPeer(relation)) throw new ToolError(PERMISSION_DENIED);
      return Object.fromEntries(relation.appData.get(this.appName) ?? []);
    }
    if (!relation.endpoints.some((ep) => ep.app === target.app)) throw new ToolError(PERMISSION_DENIED);
    return Object.fromEntries(relation.appData.get(target.app) ?? []);
  }

  setRelationSettings(id: number, app: boolean, settings: ReadonlyMap<string, string>): void {
    if (!this.#relations.has(id)) throw new ToolError("relation not found");
    if (app && !this.isLeader()) throw new ToolError("cannot write relation settings");
    this.#relationData.set(id, app, settings);
  }

  relationModelUuid(_id: number): string {
    return this.#model.uuid;
  }

  // ---- status, version, logs (immediate) ------------------------------------------------

  setStatus(target: "unit" | "application", status: string, message: string): void {
    if (target === "unit") {
      this.#model.setUnitStatus(this.unitName, { status, message, data: {} });
      return;
    }
    if (!this.isLeader()) throw new ToolError(NOT_LEADER);
    this.#model.setAppStatus(this.appName, { status, message, data: {} });
  }

  unitStatus(): StatusInfo {
    // The uniter caches the first status-get answer; its own status-set does not refresh it.
    this.#status ??= { ...this.#unit.workloadStatus };
    return this.#status;
  }

  applicationStatus(): { application: StatusInfo; units: [string, StatusInfo][] } {
    if (!this.isLeader()) throw new Error(NOT_LEADER);
    const units = unitsOf(this.#model.state, this.appName).map(
      (name) => [name, this.#model.unit(name).workloadStatus] as [string, StatusInfo],
    );
    return { application: this.#app.status, units };
  }

  setWorkloadVersion(version: string): void {
    this.#model.setWorkloadVersion(this.unitName, version);
  }

  log(level: LogLevel, message: string): void {
    this.#model.log(this.unitName, level, message);
  }

  // ---- network, ports, cloud, resources -------------------------------------------------

  openPort(endpoint: string, range: PortRange): void {
    this.#ports.openPort(endpoint, range);
  }

  closePort(endpoint: string, range: PortRange): void {
    this.#ports.closePort(endpoint, range);
  }

  /** Committed ports only: the documented behaviour is that pending open-port calls do not show [~]. */
  openedPorts(): ReadonlyMap<string, readonly PortRange[]> {
    return this.#unit.openedPorts;
  }

  networkAddress(binding: string): string {
    const meta = this.#app.meta;
    if (!meta.endpoints[binding] && !meta.extraBindings.includes(binding)) {
      throw new ToolError(`binding name ${JSON.stringify(binding)} not defined by the unit's charm`);
    }
    return this.#unit.address;
  }

  goalState(): GoalState {
    return goalStateFor(this.#model.state, this.unitName);
  }

  cloudSpec(): CloudSpec {
    if (!this.#app.trusted) throw new Error(PERMISSION_DENIED);
    return this.#model.cloudSpec;
  }

  resourcePath(name: string): Promise<string> {
    return resourceFile(this.#model.dataDir, this.#app, this.unitName, name);
  }

  // ---- storage ---------------------------------------------------------------------------

  hookStorageId(): string | undefined {
    const id = this.env.storageId;
    return id !== undefined && this.storage(id) ? id : undefined;
  }

  storage(id: string): StorageAttachment | undefined {
    return this.#unit.storage.find((s) => s.id === id);
  }

  storageAttachments(): StorageAttachment[] {
    return [...this.#unit.storage];
  }

  addStorage(name: string, count: number): void {
    this.#storageAdds.push({ storage: name, count });
  }

  // ---- actions ---------------------------------------------------------------------------

  actionParams(): Record<string, unknown> {
    if (!this.env.action) throw new ToolError(NOT_ACTION);
    return this.env.action.params;
  }

  setActionResult(keys: readonly string[], value: string): void {
    if (!this.env.action) throw new ToolError(NOT_ACTION);
    addResult(this.#action.results, keys, value);
  }

  failAction(message: string): void {
    if (!this.env.action) throw new ToolError(NOT_ACTION);
    this.#action.message = message;
    this.#action.failed = true;
  }

  logAction(message: string): void {
    const task = this.#task;
    if (!task) throw new ToolError(NOT_ACTION);
    task.log.push({ time: this.now(), message });
  }

  // ---- charm state -----------------------------------------------------------------------

  charmState(): ReadonlyMap<string, string> {
    return this.#workingState();
  }

  /** The uniter's cached charm state: loaded on first use, edited in place, flushed if dirty. */
  #workingState(): Map<string, string> {
    this.#charmState ??= new Map(this.#unit.state);
    return this.#charmState;
  }

  setCharmState(key: string, value: string): void {
    if (Buffer.byteLength(key) > MAX_STATE_KEY)
      throw new ToolError(`max allowed key length (${MAX_STATE_KEY}) exceeded`);
    if (Buffer.byteLength(value) > MAX_STATE_VALUE) {
      throw new ToolError(`max allowed value length (${MAX_STATE_VALUE}) exceeded`);
    }
    const state = this.#workingState();
    if (state.get(key) === value) return;
    state.set(key, value);
    this.#charmStateDirty = true;
  }

  deleteCharmState(key: string): void {
    if (this.#workingState().delete(key)) this.#charmStateDirty = true;
  }

  // ---- secrets ---------------------------------------------------------------------------

  createSecret(args: SecretCreateArgs): string {
    return this.#secrets.create(args);
  }

  updateSecret(xid: string, args: SecretUpsertArgs): void {
    this.#secrets.update(xid, args);
  }

  removeSecret(xid: string, revision?: number): void {
    this.#secrets.remove(xid, revision);
  }

  getSecret(xid: string | undefined, label: string, refresh: boolean, peek: boolean): Record<string, string> {
    return this.#secrets.get(xid, label, refresh, peek);
  }

  secretMetadata(): Map<string, SecretMetadataView> {
    return this.#secrets.metadata();
  }

  grantSecret(xid: string, relationId: number, unit?: string): void {
    this.#secrets.grant(xid, relationId, unit);
  }

  revokeSecret(xid: string, target: { app?: string; unit?: string }): void {
    this.#secrets.revoke(xid, target);
  }
}
