import { isPeer, localEndpoint, otherApp } from "../model/relations";
import { secretUriFor, shortSecretUri } from "../model/secret-uri";
import { unitApp } from "../model/state";
import type { AgentView } from "./agent-view";
import { configHash } from "./config-hash";
import { LocalRelation } from "./local-relation";
import type { PebbleEvent } from "./pebble-event";
import { pebbleHookEnv } from "./pebble-event";
import { hookRetryDelayMs } from "./retry-backoff";
import { actionOp, type HookOp, hookOp, plainHook, type QueuedAction, type UnitOp } from "./unit-op";

/** The agent's own status (`juju status` Agent column). */
export interface AgentStatus {
  status: "allocating" | "executing" | "idle" | "error";
  message: string;
}

/** A failed hook: it blocks every other hook of the unit until a retry succeeds or it is resolved. */
export interface HookError {
  op: HookOp;
  failures: number;
  /**
   * Clock time (ms) of the next retry; undefined with `automatically-retry-hooks` off, when
   * only `juju resolve` moves the unit on.
   */
  retryAt: number | undefined;
  /** `juju resolve --no-retry`: at the unit's next turn the hook counts as done without running. */
  skip?: boolean;
}

/** A unit agent's bookkeeping as plain data (node:v8 / structuredClone), for a controller restart. */
export interface UnitAgentSnapshot {
  unit: string;
  installed: boolean;
  started: boolean;
  stopped: boolean;
  dying: boolean;
  charmSetStatus: boolean;
  agentStatus: AgentStatus;
  relations: {
    id: number;
    endpoint: string;
    remoteApp: string;
    peer: boolean;
    members: string[];
    changed: string[];
    appChanged: boolean;
    changedAfterJoin: string | undefined;
  }[];
  leadership: { leader: boolean; epoch: number } | undefined;
  configHash: string | undefined;
  nextUpdateStatus: number | undefined;
  attached: string[];
  detached: string[];
  churn: string[];
  actions: QueuedAction[];
  secretChanged: [string, { label: string; revision: number }][];
}

/**
 * One unit's agent (Juju's uniter): what it has already run, what is queued for it, and which
 * operation comes next. Each time it is asked it compares its records with the model and
 * answers with the first resolver that has work, in Juju's priority order (contract §2.3,
 * §8 items 15-24).
 */
export class UnitAgent {
  readonly app: string;
  installed = false;
  started = false;
  stopped = false;
  /** `juju remove-unit` (or the app's removal): teardown comes next. */
  dying = false;
  error: HookError | undefined;
  agentStatus: AgentStatus = { status: "allocating", message: "" };
  /** The charm has set its unit's workload status at least once (Juju's "unset" checks). */
  charmSetStatus = false;
  /** Relations this unit has run relation-created for and not yet left. */
  readonly relations = new Map<number, LocalRelation>();
  #leadership: { leader: boolean; epoch: number } | undefined;
  #configHash: string | undefined;
  #nextUpdateStatus: number | undefined;
  readonly #attached = new Set<string>();
  readonly #detached = new Set<string>();
  readonly #pebble: PebbleEvent[] = [];
  /** What pod churn still owes, in order (empty when the pod is steady). */
  #churn: ChurnStep[] = [];
  readonly #actions: QueuedAction[] = [];
  /** Secret xid to the latest revision this unit is owed secret-changed for, with its label. */
  readonly #secretChanged = new Map<string, { label: string; revision: number }>();

  constructor(
    readonly unit: string,
    readonly updateStatusIntervalMs: number,
  ) {
    this.app = unitApp(unit);
  }

  // ---- what arrives ------------------------------------------------------------------------

  queuePebble(event: PebbleEvent): void {
    this.#pebble.push(event);
  }

  /**
   * K8s pod re-creation (refresh, eviction, churn): `stop` on the old pod, then on the new one
   * upgrade-charm → config-changed → leader-settings-changed (non-leaders) → start; no install
   * (contract §2.2, §8 item 21). The old pod's pending Pebble events go with it; the new
   * pod's pebble-ready waits until those hooks ran.
   */
  restartPod(): boolean {
    if (!this.installed || this.dying) return false;
    this.#churn = [...CHURN];
    this.#pebble.length = 0;
    return true;
  }

  /**
   * The unit agent restarts: a failed pebble-ready is dropped, not re-queued (§8 item 25); any
   * other failed hook is retried at once; config-changed runs again (§2.1, agent restart recovery).
   */
  restartAgent(): void {
    const failed = this.error?.op.effect;
    if (failed?.kind === "pebble") {
      this.#pebble.splice(this.#pebble.indexOf(failed.event), 1);
      this.error = undefined;
    } else if (this.error) {
      this.error.retryAt = 0;
    }
    this.#configHash = undefined;
  }

  /**
   * The unit's pod was recreated while its agent was away (the controller restarted): on the new
   * pod upgrade-charm → config-changed → leader-settings-changed (non-leaders) → start, then the
   * new pod's pebble-ready; no stop (the old pod is gone) and no install.
   */
  podRecreated(): boolean {
    if (!this.installed || this.dying) return false;
    this.#churn = CHURN.filter((step) => step !== "stop");
    this.#pebble.length = 0;
    // As Juju shows a restarted pod's agent: the workload status is the last one set, so only
    // the agent tells that none of the new pod's hooks has run yet.
    this.agentStatus = { status: "allocating", message: "agent initialising" };
    return true;
  }

  /**
   * The agent's records as plain data. A failed hook is not kept: after a restart the agent
   * works out its next hook again (as Juju's uniter does from its state file), so the failed
   * hook comes back when it is still owed; queued Pebble events go with the pod.
   */
  snapshot(): UnitAgentSnapshot {
    return {
      unit: this.unit,
      installed: this.installed,
      started: this.started,
      stopped: this.stopped,
      dying: this.dying,
      charmSetStatus: this.charmSetStatus,
      agentStatus: { ...this.agentStatus },
      relations: [...this.relations.values()].map((r) => ({
        id: r.id,
        endpoint: r.endpoint,
        remoteApp: r.remoteApp,
        peer: r.peer,
        members: [...r.members],
        changed: [...r.changed],
        appChanged: r.appChanged,
        changedAfterJoin: r.changedAfterJoin,
      })),
      leadership: this.#leadership && { ...this.#leadership },
      configHash: this.#configHash,
      nextUpdateStatus: this.#nextUpdateStatus,
      attached: [...this.#attached],
      detached: [...this.#detached],
      churn: [...this.#churn],
      actions: this.#actions.map((a) => ({ ...a, params: { ...a.params } })),
      secretChanged: [...this.#secretChanged].map(([xid, v]) => [xid, { ...v }]),
    };
  }

  /** An agent with the records of `snapshot()`. */
  static restore(snapshot: UnitAgentSnapshot, updateStatusIntervalMs: number): UnitAgent {
    const agent = new UnitAgent(snapshot.unit, updateStatusIntervalMs);
    agent.installed = snapshot.installed;
    agent.started = snapshot.started;
    agent.stopped = snapshot.stopped;
    agent.dying = snapshot.dying;
    agent.charmSetStatus = snapshot.charmSetStatus;
    agent.agentStatus = { ...snapshot.agentStatus };
    for (const r of snapshot.relations) {
      const local = new LocalRelation(r.id, snapshot.unit, r.endpoint, r.remoteApp, r.peer);
      for (const m of r.members) local.members.add(m);
      for (const c of r.changed) local.changed.add(c);
      local.appChanged = r.appChanged;
      local.changedAfterJoin = r.changedAfterJoin;
      agent.relations.set(r.id, local);
    }
    agent.#leadership = snapshot.leadership && { ...snapshot.leadership };
    agent.#configHash = snapshot.configHash;
    agent.#nextUpdateStatus = snapshot.nextUpdateStatus;
    for (const id of snapshot.attached) agent.#attached.add(id);
    for (const id of snapshot.detached) agent.#detached.add(id);
    agent.#churn = snapshot.churn.filter((step): step is ChurnStep =>
      (CHURN as readonly string[]).includes(step),
    );
    for (const action of snapshot.actions) agent.#actions.push({ ...action, params: { ...action.params } });
    for (const [xid, v] of snapshot.secretChanged) agent.#secretChanged.set(xid, { ...v });
    if (agent.agentStatus.status === "executing" || agent.agentStatus.status === "error")
      agent.agentStatus = { status: "idle", message: "" };
    return agent;
  }

  queueAction(action: QueuedAction): void {
    this.#actions.push(action);
  }

  /** A newer revision replaces an older one not yet delivered: one hook for the latest (contract §4.3). */
  secretChanged(xid: string, label: string, revision: number): void {
    this.#secretChanged.set(xid, { label, revision });
  }

  relationChanged(relationId: number, remoteUnit: string | undefined): void {
    this.relations.get(relationId)?.dataChanged(remoteUnit);
  }

  /** relation-list's answer for a hook of this unit. */
  members(relationId: number, op: HookOp): string[] {
    return this.relations.get(relationId)?.listed(op) ?? [];
  }

  // ---- what comes next -----------------------------------------------------------------------

  nextOp(view: AgentView): UnitOp | undefined {
    const [action] = this.#actions;
    const queuedAction = action && this.installed ? actionOp(action) : undefined;
    // A failed hook blocks every other hook; actions still run (contract §1.3).
    if (this.error) {
      const { retryAt } = this.error;
      return (
        queuedAction ?? (retryAt !== undefined && view.now.getTime() >= retryAt ? this.error.op : undefined)
      );
    }
    if (this.dying) return queuedAction ?? this.#teardownOp();
    if (!this.installed) return plainHook("install");
    const { model, ownerHooks } = view;
    return (
      this.#churnOp(view) ??
      this.#createdOp(view) ??
      this.#leadershipOp(view) ??
      this.#pebbleOp() ??
      ownerHooks.expired(model, this.unit) ??
      ownerHooks.rotate(model, this.unit) ??
      this.#secretChangedOp(view) ??
      ownerHooks.removal(model, this.unit) ??
      queuedAction ??
      this.#storageAttachedOp(view) ??
      this.#configChangedOp(view) ??
      (this.started ? undefined : plainHook("start")) ??
      this.#relationOp(view) ??
      this.#updateStatusOp(view)
    );
  }

  #churnOp(view: AgentView): HookOp | undefined {
    const step = this.#churn[0];
    switch (step) {
      case undefined:
        return undefined;
      case "stop":
        return hookOp({ hook: "stop" }, { kind: "pod-stop" });
      case "upgrade-charm":
        return hookOp({ hook: "upgrade-charm" }, { kind: "upgrade-charm" });
      case "config-changed":
        return hookOp(
          { hook: "config-changed" },
          { kind: "config-changed", hash: configHash(view.model, this.unit) },
        );
      case "leader-settings-changed": {
        const { leader, epoch } = view.leadership(this.app);
        if (leader !== this.unit)
          return hookOp({ hook: "leader-settings-changed" }, { kind: "leadership", leader: false, epoch });
        this.#churn.shift();
        return this.#churnOp(view);
      }
      case "start":
        return plainHook("start");
    }
  }

  #createdOp(view: AgentView): HookOp | undefined {
    const relation = view.model
      .relations(this.app)
      .filter((r) => r.life === "alive" && !this.relations.has(r.id))
      .sort((a, b) => a.id - b.id)[0];
    if (!relation) return undefined;
    const endpoint = localEndpoint(relation, this.app)?.endpoint ?? "";
    return LocalRelation.createdOp(relation.id, endpoint, otherApp(relation, this.app), isPeer(relation));
  }

  /** leader-elected on a new leader; leader-settings-changed on the others at start and on every change. */
  #leadershipOp(view: AgentView): HookOp | undefined {
    const { leader, epoch } = view.leadership(this.app);
    const isLeader = leader === this.unit;
    const seen = this.#leadership;
    if (isLeader ? seen?.leader : seen && !seen.leader && seen.epoch === epoch) return undefined;
    return hookOp(
      { hook: isLeader ? "leader-elected" : "leader-settings-changed" },
      { kind: "leadership", leader: isLeader, epoch },
    );
  }

  #pebbleOp(): HookOp | undefined {
    const [event] = this.#pebble;
    return event && hookOp(pebbleHookEnv(event), { kind: "pebble", event });
  }

  #secretChangedOp(view: AgentView): HookOp | undefined {
    for (const [xid, { label }] of this.#secretChanged) {
      const secret = view.model.state.secrets.get(xid);
      if (!secret) {
        // Deleted meanwhile: consumers get no hook, their next read fails (contract §8 item 33).
        this.#secretChanged.delete(xid);
        continue;
      }
      const uri = secret.owner.kind === "model" ? shortSecretUri(xid) : secretUriFor(view.model.uuid, xid);
      return hookOp({ hook: "secret-changed", secret: { uri, label } }, { kind: "secret-changed", xid });
    }
    return undefined;
  }

  /** Kubernetes attaches storage after start (contract §2.2). */
  #storageAttachedOp(view: AgentView): HookOp | undefined {
    if (!this.started) return undefined;
    const storage = view.model.unit(this.unit).storage.find((s) => !this.#attached.has(s.id));
    return storage && storageHook("attached", storage.id);
  }

  #configChangedOp(view: AgentView): HookOp | undefined {
    const hash = configHash(view.model, this.unit);
    return hash === this.#configHash
      ? undefined
      : hookOp({ hook: "config-changed" }, { kind: "config-changed", hash });
  }

  #relationOp(view: AgentView): UnitOp | undefined {
    for (const local of this.#localRelations()) {
      const record = view.model.state.relations.get(local.id);
      const leaving = record?.life !== "alive";
      const remote = leaving
        ? []
        : [...view.scope(local.id)].filter((u) => u !== this.unit && unitApp(u) === local.remoteApp);
      const op = local.nextOp({ leaving, selfDeparting: false, started: this.started, remote });
      if (op) return op;
    }
    return undefined;
  }

  #updateStatusOp(view: AgentView): HookOp | undefined {
    const due = this.#nextUpdateStatus;
    return due !== undefined && due <= view.now.getTime() ? plainHook("update-status") : undefined;
  }

  /** departed* → broken* → stop → storage-detaching* → remove (contract §2.2). */
  #teardownOp(): UnitOp {
    if (!this.installed) return { kind: "bookkeeping", effect: { kind: "remove-unit" } };
    for (const local of this.#localRelations()) {
      const op = local.nextOp({ leaving: true, selfDeparting: true, started: this.started, remote: [] });
      if (op) return op;
    }
    if (!this.stopped) return plainHook("stop");
    const attached = [...this.#attached].find((id) => !this.#detached.has(id));
    return attached === undefined ? plainHook("remove") : storageHook("detaching", attached);
  }

  #localRelations(): LocalRelation[] {
    return [...this.relations.values()].sort((a, b) => a.id - b.id);
  }

  // ---- what happened -------------------------------------------------------------------------

  /** Records a hook that ran and committed, or that no longer applied and was dropped. */
  completed(op: HookOp, now: Date): void {
    const effect = op.effect;
    if (this.#churn.length > 0 && churnStep(op) === this.#churn[0]) this.#churn.shift();
    switch (effect.kind) {
      case "install":
        this.installed = true;
        return;
      case "start":
        this.started = true;
        this.#nextUpdateStatus = now.getTime() + this.updateStatusIntervalMs;
        return;
      case "update-status":
        this.#nextUpdateStatus = now.getTime() + this.updateStatusIntervalMs;
        return;
      case "stop":
        this.stopped = true;
        return;
      case "config-changed":
        this.#configHash = effect.hash;
        return;
      case "leadership":
        this.#leadership = { leader: effect.leader, epoch: effect.epoch };
        return;
      case "relation-created": {
        const { relationId, endpoint, remoteApp, peer } = effect;
        this.relations.set(relationId, new LocalRelation(relationId, this.unit, endpoint, remoteApp, peer));
        return;
      }
      case "relation-broken":
        this.relations.delete(effect.relationId);
        return;
      case "relation-joined":
      case "relation-changed":
      case "relation-departed":
        this.relations.get(effect.relationId)?.completed(effect);
        return;
      case "storage-attached":
        this.#attached.add(effect.storageId);
        return;
      case "storage-detaching":
        this.#detached.add(effect.storageId);
        return;
      case "pebble":
        this.#pebble.splice(this.#pebble.indexOf(effect.event), 1);
        return;
      case "secret-changed":
        this.#secretChanged.delete(effect.xid);
        return;
      case "action":
        this.#actions.splice(this.#actions.indexOf(effect.action), 1);
        return;
      default:
        return; // remove and the owner's secret hooks: the agents' loop keeps those records
    }
  }

  /**
   * The hook failed (or its commit did): error status, and a retry with back-off when the model
   * retries hooks automatically; otherwise it waits for `juju resolve`.
   */
  failed(op: HookOp, now: Date, autoRetry = true): void {
    const failures = (this.error?.op === op ? this.error.failures : 0) + 1;
    this.error = {
      op,
      failures,
      retryAt: autoRetry ? now.getTime() + hookRetryDelayMs(failures) : undefined,
    };
  }

  /**
   * `juju resolve`: the failed hook runs again at the unit's next turn; with `noRetry`
   * (`--no-retry`) it is marked resolved and the unit moves on without running it (contract §1.3).
   */
  resolve(noRetry: boolean): void {
    if (!this.error) throw new Error(`unit ${JSON.stringify(this.unit)} is not in an error state`);
    this.error.retryAt = 0;
    if (noRetry) this.error.skip = true;
  }
}

const CHURN = ["stop", "upgrade-charm", "config-changed", "leader-settings-changed", "start"] as const;
type ChurnStep = (typeof CHURN)[number];

/** The churn step a hook completes, if it is one. */
function churnStep(op: HookOp): ChurnStep | undefined {
  const { effect } = op;
  if (effect.kind === "pod-stop") return "stop";
  if (effect.kind === "leadership") return effect.leader ? undefined : "leader-settings-changed";
  if (effect.kind === "upgrade-charm" || effect.kind === "config-changed" || effect.kind === "start")
    return effect.kind;
  return undefined;
}

function storageHook(kind: "attached" | "detaching", storageId: string): HookOp {
  const name = storageId.slice(0, storageId.lastIndexOf("/"));
  return hookOp({ hook: `${name}-storage-${kind}`, storageId }, { kind: `storage-${kind}`, storageId });
}
