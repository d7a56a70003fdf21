import type { HookContext } from "../hook-context/hook-context";
import { resolveActionParams } from "../model/action-params";
import type { HookChanges } from "../model/hook-changes";
import type { Model } from "../model/model";
import type { ModelNotification } from "../model/notifications";
import type { StatusInfo } from "../model/state";
import { newContextId } from "../unit-process/context-id";
import type { AgentView, Leadership } from "./agent-view";
import type { CharmRunner, HookRunOutcome } from "./charm-runner";
import type { HookRecord, HookResult } from "./hook-record";
import { afterHook, beforeHook } from "./juju-status";
import { markFailFaults, ObservedTools } from "./observed-tools";
import { OwnerSecretHooks } from "./owner-secret-hooks";
import type { PebbleEvent } from "./pebble-event";
import type { PodProvider, UnitPod } from "./pod-provider";
import type { PodPlacement, PodScheduler } from "./pod-scheduler";
import { FaultPlan } from "./tool-faults";
import { type AgentStatus, UnitAgent, type UnitAgentSnapshot } from "./unit-agent";
import { type Bookkeeping, type HookOp, hookEvent, opName, type UnitOp } from "./unit-op";
import { compareUnits, sortUnits } from "./unit-order";

/** Model config `update-status-hook-interval`'s default. */
export const DEFAULT_UPDATE_STATUS_INTERVAL_MS = 5 * 60_000;
const DEFAULT_MAX_HOOKS_PER_SETTLE = 1000;
const NO_UNITS: ReadonlySet<string> = new Set();
/** From a template patch to the SIGTERM of the first pod it recreates. */
const POD_TERMINATION_DELAY_MS = 50;

export interface UnitAgentsOptions {
  model: Model;
  /** Default 5 minutes. */
  updateStatusIntervalMs?: number;
  /** Workload pods for units whose charm has containers; none without it. */
  podProvider?: PodProvider;
  /**
   * The cluster side of pods (the engine's Kubernetes API): whether a unit's pod may start and
   * with which template mounts, rollouts after a template change, the service-account files of
   * hooks. Without it every pod starts at once, as Juju's metadata alone makes it.
   */
  scheduler?: PodScheduler;
  /**
   * After every hook or action: its record and what it buffered, whether committed or not.
   * Awaited before the next operation runs (with `concurrency` above 1: the unit's next one),
   * so a leak scan sees each hook's leftovers.
   */
  onHookFinished?: (record: HookRecord, changes: HookChanges) => void | Promise<void>;
  /** settle() gives up after this many hooks in one call (a charm that never settles). Default 1000. */
  maxHooksPerSettle?: number;
  /**
   * How many units run an operation at once. Default 1: one hook at a time, units in turn, which
   * makes the order of hooks across units reproducible (tests). A real controller runs each
   * unit's agent on its own; more than 1 does the same (each unit still one hook at a time, in
   * its own order), so a hook waiting on its app no longer holds up every other unit.
   */
  concurrency?: number;
}

/** A unit's status as `juju status` shows it: a hook error wins over the workload status. */
export interface UnitStatusView {
  status: string;
  message: string;
  workload: StatusInfo;
  agent: AgentStatus;
}

/** Every agent's bookkeeping as plain data (node:v8 / structuredClone), for a controller restart. */
export interface UnitAgentsSnapshot {
  agents: UnitAgentSnapshot[];
  scopes: [number, string[]][];
  leaders: [string, Leadership][];
  ownerHooks: ReturnType<OwnerSecretHooks["snapshot"]>;
  dyingApps: string[];
  nextActionId: number;
  seq: number;
  lastUnit: string;
  /** Finished actions' output, by task id (their results are the model's tasks). */
  actionOutputs: [string, Pick<ActionOutcome, "stdout" | "stderr" | "returnCode">][];
}

/** An action's task once it has run. */
export interface ActionOutcome {
  id: string;
  status: "completed" | "failed";
  results: Record<string, unknown>;
  message: string;
  stdout: string;
  stderr: string;
  returnCode: number | null;
}

/**
 * Every unit agent of a model, and the loop that drives them: new units get agents, model
 * notifications go to the units they concern, and `settle()` runs one operation at a time,
 * visiting the units in turn, until no unit has anything due at the clock's current time.
 * Each hook runs through its application's CharmRunner against a fresh hook context, which is
 * committed on success and discarded otherwise.
 */
export class UnitAgents {
  readonly faults = new FaultPlan();
  readonly hookLog: HookRecord[] = [];
  readonly #model: Model;
  readonly #options: UnitAgentsOptions;
  readonly #agents = new Map<string, UnitAgent>();
  readonly #runners = new Map<string, CharmRunner>();
  /** Relation id → units in its scope (entered with relation-created, left with broken). */
  readonly #scopes = new Map<number, Set<string>>();
  readonly #leaders = new Map<string, Leadership>();
  readonly #ownerHooks = new OwnerSecretHooks();
  readonly #dyingApps = new Set<string>();
  readonly #pods = new Map<string, UnitPod>();
  readonly #podStarts = new Map<string, Promise<void>>();
  /** Units whose pod cannot start (a claim missing, a volume that does not mount): no hooks run. */
  readonly #unscheduled = new Map<string, Extract<PodPlacement, { ok: false }>>();
  readonly #actionOutputs = new Map<string, Pick<ActionOutcome, "stdout" | "stderr" | "returnCode">>();
  /** Units with an operation under way, and its end (more than one with `concurrency`). */
  readonly #running = new Map<string, Promise<void>>();
  /** Pods a rollout recreates next, whose unit is still running a hook: churn once it ends. */
  readonly #pendingRestarts = new Set<string>();
  /** Pods that could not start, with units at once: settle() throws them. */
  readonly #podStartFailures: unknown[] = [];
  #nextActionId = 1;
  #seq = 0;
  /** The unit that ran last: the next turn goes to the one after it. */
  #lastUnit = "";

  constructor(options: UnitAgentsOptions) {
    this.#model = options.model;
    this.#options = options;
    // Kubernetes terminates the old pod's containers almost at once after a template patch:
    // a hook that carries on with its workload after its patch finds it gone. The unit's
    // `stop` and the new pod follow at its next turns.
    options.scheduler?.onTerminating?.((unit) => {
      const pod = this.#pods.get(unit);
      if (!pod) return;
      const terminate = () => (pod.terminateWorkloads ? pod.terminateWorkloads() : pod.close());
      setTimeout(() => void terminate().catch(() => undefined), POD_TERMINATION_DELAY_MS).unref();
    });
  }

  get model(): Model {
    return this.#model;
  }

  /** How an application's units run their hooks; set it before its first settle. */
  setRunner(app: string, runner: CharmRunner): void {
    this.#runners.set(app, runner);
  }

  runner(app: string): CharmRunner {
    const runner = this.#runners.get(app);
    if (!runner) throw new Error(`no charm runner for application ${JSON.stringify(app)}`);
    return runner;
  }

  // ---- a controller restart -----------------------------------------------------------------

  /** The agents' records (not the pods, runners or hook log) as plain data. */
  snapshot(): UnitAgentsSnapshot {
    return {
      agents: [...this.#agents.values()].map((agent) => agent.snapshot()),
      scopes: [...this.#scopes].map(([id, units]) => [id, [...units]]),
      leaders: [...this.#leaders].map(([app, l]) => [app, { ...l }]),
      ownerHooks: this.#ownerHooks.snapshot(),
      dyingApps: [...this.#dyingApps],
      nextActionId: this.#nextActionId,
      seq: this.#seq,
      lastUnit: this.#lastUnit,
      actionOutputs: [...this.#actionOutputs].map(([id, output]) => [id, { ...output }]),
    };
  }

  /**
   * Takes the records of `snapshot()` back, before the first settle, on a model restored to the
   * matching state. Each restored unit gets a new pod (storage kept by the pod provider) and,
   * once installed, runs what Juju runs on a recreated pod: upgrade-charm, config-changed,
   * leader-settings-changed (non-leaders), start, pebble-ready; never install again.
   */
  restore(snapshot: UnitAgentsSnapshot): void {
    if (this.#agents.size > 0) throw new Error("restore() comes before any unit has an agent");
    const interval = this.#options.updateStatusIntervalMs ?? DEFAULT_UPDATE_STATUS_INTERVAL_MS;
    for (const [id, units] of snapshot.scopes) this.#scopes.set(id, new Set(units));
    for (const [app, l] of snapshot.leaders) this.#leaders.set(app, { ...l });
    this.#ownerHooks.restore(snapshot.ownerHooks);
    for (const app of snapshot.dyingApps) this.#dyingApps.add(app);
    this.#nextActionId = snapshot.nextActionId;
    this.#seq = snapshot.seq;
    this.#lastUnit = snapshot.lastUnit;
    for (const [id, output] of snapshot.actionOutputs) this.#actionOutputs.set(id, { ...output });
    for (const saved of snapshot.agents) {
      const record = this.#model.state.units.get(saved.unit);
      if (!record) continue;
      this.runner(record.app);
      const agent = UnitAgent.restore(saved, interval);
      agent.podRecreated();
      this.#agents.set(saved.unit, agent);
      this.#startPod(saved.unit, record.app);
    }
  }

  // ---- operator actions ------------------------------------------------------------------

  /** `juju remove-unit`: the unit tears down at its next turns. */
  removeUnit(unit: string): void {
    this.#agent(unit).dying = true;
  }

  /** `juju remove-application`: its relations go, its units tear down, then it is forgotten. */
  removeApplication(app: string): void {
    this.#model.app(app);
    for (const relation of this.#model.relations(app)) {
      if (relation.life === "alive") this.#model.removeRelation(relation.id);
    }
    for (const unit of this.#model.units(app)) this.#agent(unit).dying = true;
    this.#dyingApps.add(app);
  }

  /** A Pebble event for one of the unit's containers (pebble-ready, a custom notice, a check). */
  pebbleEvent(unit: string, event: PebbleEvent): void {
    this.#agent(unit).queuePebble(event);
  }

  /** K8s pod churn for one unit: stop on the old pod, a new pod, then Juju's post-recreation hooks. */
  /** Where the units' pods come from. */
  get podProvider(): PodProvider | undefined {
    return this.#options.podProvider;
  }

  restartPod(unit: string): void {
    this.#agent(unit).restartPod();
  }

  /**
   * `juju resolve <unit>`: the failed hook is retried at the next settle; `juju resolve
   * --no-retry`: it is skipped (its bookkeeping done, its changes still dropped) and the unit
   * moves on. Throws when the unit is not in error.
   */
  resolve(unit: string, options: { noRetry?: boolean } = {}): void {
    this.#agent(unit).resolve(options.noRetry ?? false);
  }

  /** The unit agent restarts (contract §8 item 25). */
  restartAgent(unit: string): void {
    this.#agent(unit).restartAgent();
  }

  /** `juju run <unit> <action>`: params checked against the charm's actions; returns the task id. */
  queueAction(unit: string, name: string, params: Record<string, unknown> = {}): string {
    const agent = this.#agent(unit);
    const resolved = resolveActionParams(this.#model.app(agent.app).meta, unit, name, params);
    const id = String(this.#nextActionId++);
    agent.queueAction({ id, name, params: resolved });
    return id;
  }

  /** The task's result once the action has run; undefined while it waits. */
  actionOutcome(id: string): ActionOutcome | undefined {
    const task = this.#model.tasks.get(id);
    const output = this.#actionOutputs.get(id);
    if (!task || !output || task.status === "running") return undefined;
    return { id, status: task.status, results: task.results, message: task.message, ...output };
  }

  // ---- views -------------------------------------------------------------------------------

  unitStatus(unit: string): UnitStatusView {
    const workload = { ...this.#model.unit(unit).workloadStatus };
    const agent = { ...(this.#agents.get(unit)?.agentStatus ?? { status: "allocating", message: "" }) };
    const shown = agent.status === "error" ? agent : workload;
    return { status: shown.status, message: shown.message, workload, agent };
  }

  /** The running pods, by unit. */
  pods(): ReadonlyMap<string, UnitPod> {
    return this.#pods;
  }

  // ---- the loop ----------------------------------------------------------------------------

  /** Runs operations until nothing is due now; returns the hooks and actions that ran. */
  async settle(): Promise<HookRecord[]> {
    const max = this.#options.maxHooksPerSettle ?? DEFAULT_MAX_HOOKS_PER_SETTLE;
    const limit = Math.max(1, this.#options.concurrency ?? 1);
    const ran: HookRecord[] = [];
    const running = this.#running;
    let failure: { error: unknown } | undefined;
    for (let turns = 0; ; ) {
      await this.#sync(limit > 1);
      while (running.size < limit) {
        const next = this.#pick(running);
        if (!next) break;
        if (ran.length >= max || turns >= 4 * max) {
          await Promise.allSettled(running.values());
          const last = ran.at(-1);
          throw new Error(
            `the model did not settle after ${ran.length} hooks (last: ${last?.unit} ${last?.hook}): a charm keeps changing what others react to`,
          );
        }
        turns++;
        const { agent, op } = next;
        this.#lastUnit = agent.unit;
        const done = (op.kind === "hook" ? this.#runHook(agent, op) : this.#bookkeep(agent, op.effect))
          .then(
            (record) => {
              if (record) ran.push(record);
            },
            (error: unknown) => {
              failure ??= { error };
            },
          )
          .finally(() => running.delete(agent.unit));
        running.set(agent.unit, done);
      }
      // With units at once, a unit whose pod still starts waits for it; the others go on.
      const starting = limit > 1 ? [...this.#podStarts.values()] : [];
      if (running.size === 0 && starting.length === 0) {
        if (this.#podStartFailures.length > 0) throw this.#podStartFailures.shift();
        return ran;
      }
      // The next pick follows the first operation to end (the only one, in the serial loop).
      await Promise.race([...running.values(), ...starting]).catch(() => undefined);
      // A pod that could not start fails the settle, as the serial loop's sync does.
      const podFailure = this.#podStartFailures.shift();
      if (podFailure !== undefined) failure ??= { error: podFailure };
      if (failure) {
        await Promise.allSettled(running.values());
        throw failure.error;
      }
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#podStarts.values());
    await Promise.all([...this.#pods.values()].map((pod) => pod.close()));
    this.#pods.clear();
    await this.#options.podProvider?.close?.();
  }

  /** New units get agents (and pods), leadership moves are counted, notifications are delivered, and what is gone is purged. */
  async #sync(podsStartInBackground = false): Promise<void> {
    await this.#options.podProvider?.syncModel?.(this.#model);
    this.#adoptUnits();
    this.#schedulePending();
    if (this.#podStarts.size > 0 && !podsStartInBackground) {
      const starts = [...this.#podStarts.values()];
      this.#podStarts.clear();
      await Promise.all(starts);
    }
    for (const app of this.#model.state.apps.values()) {
      const known = this.#leaders.get(app.name);
      if (!known) this.#leaders.set(app.name, { leader: app.leader, epoch: 0 });
      else if (known.leader !== app.leader)
        this.#leaders.set(app.name, { leader: app.leader, epoch: known.epoch + 1 });
    }
    for (const notification of this.#model.takeNotifications()) this.#deliver(notification);
    for (const relation of [...this.#model.state.relations.values()]) {
      if (relation.life === "dying" && (this.#scopes.get(relation.id)?.size ?? 0) === 0) {
        this.#model.purgeRelation(relation.id);
        this.#scopes.delete(relation.id);
      }
    }
    for (const app of [...this.#dyingApps]) {
      if (this.#model.units(app).length > 0 || this.#model.relations(app).length > 0) continue;
      this.#model.removeApplication(app);
      this.#dyingApps.delete(app);
      this.#runners.delete(app);
      this.#leaders.delete(app);
    }
  }

  #adoptUnits(): void {
    for (const record of this.#model.state.units.values()) {
      if (this.#agents.has(record.name)) continue;
      this.runner(record.app); // fail early: a unit nobody can run
      const agent = new UnitAgent(
        record.name,
        this.#options.updateStatusIntervalMs ?? DEFAULT_UPDATE_STATUS_INTERVAL_MS,
      );
      this.#agents.set(record.name, agent);
      this.#startPod(record.name, record.app);
    }
  }

  #startPod(unit: string, app: string): void {
    const scheduler = this.#options.scheduler;
    const placement = scheduler?.schedule(unit) ?? { ok: true as const, mounts: {} };
    if (!placement.ok) {
      this.#unscheduled.set(unit, placement);
      return;
    }
    this.#unscheduled.delete(unit);
    const provider = this.#options.podProvider;
    const start = (
      provider
        ? provider
            .startPod(
              unit,
              this.#model.app(app),
              (event) => this.#agents.get(unit)?.queuePebble(event),
              placement,
            )
            .then((pod) => {
              this.#pods.set(unit, pod);
              // A pod with a network of its own: its IP is the unit's address (new pod, new IP).
              if (pod.address !== undefined && this.#model.state.units.has(unit))
                this.#model.setUnitAddress(unit, pod.address);
            })
        : Promise.resolve()
    ).then(() => scheduler?.podStarted(unit));
    this.#podStarts.set(unit, start);
    // Started: gone from the map (settle() waits on what is left in it), and a failure reported once.
    const settled = () => this.#podStarts.get(unit) === start && this.#podStarts.delete(unit);
    start.then(settled, (error: unknown) => {
      // Units at once: settle() throws it at its next turn. One at a time: the next sync does.
      if ((this.#options.concurrency ?? 1) <= 1) return;
      settled();
      this.#podStartFailures.push(error);
    });
  }

  /** Pods that could not start are tried again; a rollout's next pods are recreated (churn). */
  #schedulePending(): void {
    for (const unit of [...this.#unscheduled.keys()]) {
      const agent = this.#agents.get(unit);
      if (agent && this.#model.state.units.has(unit)) this.#startPod(unit, agent.app);
      else this.#unscheduled.delete(unit);
    }
    const scheduler = this.#options.scheduler;
    for (const unit of scheduler?.takeRestarts() ?? []) this.#pendingRestarts.add(unit);
    for (const unit of [...this.#pendingRestarts]) {
      // The hook under way (often the one that patched the template) ends first, as it does on a
      // real node before the agent hears of its pod's SIGTERM; an agent mid-install would
      // otherwise be taken for one whose pod never started.
      if (this.#running.has(unit)) continue;
      this.#pendingRestarts.delete(unit);
      const agent = this.#agents.get(unit);
      if (!agent?.restartPod()) scheduler?.restartSkipped(unit);
    }
  }

  /** Why the unit's pod is not running, when the scheduler cannot place it (no hooks run meanwhile). */
  podProblem(unit: string): { reason: string; message: string } | undefined {
    const problem = this.#unscheduled.get(unit);
    return problem && { reason: problem.reason, message: problem.message };
  }

  /** After stop on the old pod: it goes, and a new one (fresh containers, same storage) starts. */
  async #replacePod(agent: UnitAgent): Promise<void> {
    await this.#podStarts.get(agent.unit);
    await this.#pods.get(agent.unit)?.close();
    this.#pods.delete(agent.unit);
    this.#options.scheduler?.podStopped(agent.unit);
    this.#startPod(agent.unit, agent.app);
  }

  #deliver(notification: ModelNotification): void {
    switch (notification.kind) {
      case "relation-changed":
        this.#agents
          .get(notification.unit)
          ?.relationChanged(notification.relationId, notification.remoteUnit);
        return;
      case "secret-changed":
        this.#agents
          .get(notification.unit)
          ?.secretChanged(notification.xid, notification.label, notification.revision);
        return;
      case "secret-remove":
        this.#ownerHooks.queueRemoval(notification);
        return;
      case "storage-add":
        return; // Kubernetes units get their storage at deploy; storage-add is not modelled
    }
  }

  #agent(unit: string): UnitAgent {
    this.#adoptUnits();
    const agent = this.#agents.get(unit);
    if (!agent) throw new Error(`unit ${JSON.stringify(unit)} not found`);
    return agent;
  }

  #view(): AgentView {
    return {
      model: this.#model,
      now: this.#model.now(),
      scope: (id) => this.#scopes.get(id) ?? NO_UNITS,
      leadership: (app) => this.#leaders.get(app) ?? { leader: undefined, epoch: 0 },
      ownerHooks: this.#ownerHooks,
    };
  }

  /** The next unit in turn (after the one that ran last) with something due, and what. */
  #pick(busy: ReadonlyMap<string, unknown>): { agent: UnitAgent; op: UnitOp } | undefined {
    const view = this.#view();
    const units = sortUnits(this.#agents.keys());
    const start = units.findIndex((u) => compareUnits(u, this.#lastUnit) > 0);
    const turn = start < 0 ? units : [...units.slice(start), ...units.slice(0, start)];
    for (const unit of turn) {
      if (busy.has(unit)) continue; // one operation at a time per unit, as its agent does
      if (this.#podStarts.has(unit)) continue; // its pod is still starting (units at once only)
      const agent = this.#agents.get(unit);
      if (this.#unscheduled.has(unit) && !agent?.dying) continue; // no pod, no hooks
      const op = agent?.nextOp(view);
      if (agent && op) return { agent, op };
    }
    return undefined;
  }

  // ---- running one operation ---------------------------------------------------------------

  async #bookkeep(agent: UnitAgent, effect: Bookkeeping): Promise<undefined> {
    if (effect.kind === "leave-scope") {
      agent.relations.delete(effect.relationId);
      this.#scopes.get(effect.relationId)?.delete(agent.unit);
    } else {
      await this.#removeUnit(agent);
    }
    return undefined;
  }

  async #runHook(agent: UnitAgent, op: HookOp): Promise<HookRecord | undefined> {
    const model = this.#model;
    const { unit } = agent;
    const skipped = agent.error?.op === op && agent.error.skip === true;
    if (skipped || !this.#stillApplies(agent, op)) {
      // Resolved with --no-retry; or leader-elected after leadership moved on, an owner hook
      // after ownership did, a deleted secret.
      this.#completed(agent, op);
      afterHook(model, agent, op, "ok");
      if (skipped && op.effect.kind === "remove") await this.#removeUnit(agent);
      if (skipped && op.effect.kind === "pod-stop") await this.#replacePod(agent);
      return undefined;
    }
    const runner = this.runner(agent.app);
    await runner.prepare?.();
    const pod = this.#pods.get(unit);
    const name = opName(op);
    const attempt = agent.error?.op === op ? agent.error.failures + 1 : 1;
    const at = model.now();
    beforeHook(model, agent, op);
    const faults = this.faults.forHook(unit, name);
    const context = model.openContext(unit, op.env, {
      cwd: runner.cwd(unit),
      id: newContextId(unit, name),
      members: (id) => agent.members(id, op),
    });
    const tools = new ObservedTools(context, faults.fail);
    const scheduler = this.#options.scheduler;
    scheduler?.hookRunning?.(unit, name);
    const outcome = await runner
      .run({
        unit,
        event: hookEvent(op),
        model: { name: model.name, uuid: model.uuid, agent: model.agentFacts() },
        context,
        tools,
        containers: pod?.containerSocketDirs ?? {},
        ...(pod?.network ? { network: pod.network } : {}),
        ...this.#serviceAccount(agent.app),
        ...(faults.kill ? { killAfterCalls: faults.kill.n } : {}),
      })
      .finally(() => scheduler?.hookRunning?.(unit, undefined));
    for (const fault of tools.fired) this.faults.fired(fault);
    if (outcome.killed && faults.kill) this.faults.fired(faults.kill);
    if (tools.unitStatusSet) agent.charmSetStatus = true;
    const changes = context.changes();
    const { result, error } = finish(context, outcome);
    const record: HookRecord = {
      seq: ++this.#seq,
      unit,
      hook: name,
      kind: op.env.action ? "action" : "hook",
      env: op.env,
      result,
      exitCode: outcome.exitCode,
      ...(error === undefined ? {} : { error }),
      attempt,
      at,
      durationMs: outcome.durationMs,
      toolCalls: outcome.calls ? markFailFaults(outcome.calls, tools.calls) : tools.calls,
      output: outcome.lines,
    };
    this.hookLog.push(record);
    if (op.env.action) {
      // Juju logs hook output; an action's goes to its task.
      this.#actionOutputs.set(op.env.action.id, {
        stdout: outcome.stdout,
        stderr: outcome.stderr,
        returnCode: error !== undefined && outcome.ok ? 1 : outcome.exitCode,
      });
    } else {
      for (const line of outcome.lines) model.log(unit, line.level, line.text, `unit.${unit}.${op.env.hook}`);
    }
    if (op.effect.kind === "action") agent.completed(op, model.now());
    else if (result === "ok") this.#completed(agent, op);
    else if (result === "failed")
      agent.failed(op, model.now(), model.modelConfig["automatically-retry-hooks"]);
    // A killed hook runs again at the unit's next turn, as after an agent restart.
    afterHook(model, agent, op, result);
    if (result === "ok" && op.effect.kind === "remove") await this.#removeUnit(agent);
    if (result === "ok" && op.effect.kind === "pod-stop") await this.#replacePod(agent);
    await this.#options.onHookFinished?.(record, changes);
    return record;
  }

  #serviceAccount(app: string): { serviceAccountDir?: string } {
    const dir = this.#options.scheduler?.serviceAccountDir(app);
    return dir === undefined ? {} : { serviceAccountDir: dir };
  }

  #stillApplies(agent: UnitAgent, op: HookOp): boolean {
    const { effect } = op;
    const model = this.#model;
    if (effect.kind === "leadership" && effect.leader) return model.app(agent.app).leader === agent.unit;
    if (effect.kind === "secret-changed") return model.state.secrets.has(effect.xid);
    return this.#ownerHooks.mayRun(model, agent.unit, effect);
  }

  /** A hook that ran (or no longer applied): the agent's records, scopes, owner hooks; the error clears. */
  #completed(agent: UnitAgent, op: HookOp): void {
    const now = this.#model.now();
    agent.completed(op, now);
    if (agent.error?.op === op) agent.error = undefined;
    const { effect } = op;
    if (effect.kind === "relation-created") {
      const scope = this.#scopes.get(effect.relationId) ?? new Set<string>();
      this.#scopes.set(effect.relationId, scope.add(agent.unit));
    } else if (effect.kind === "relation-broken") {
      this.#scopes.get(effect.relationId)?.delete(agent.unit);
    }
    this.#ownerHooks.completed(this.#model, effect, now);
  }

  async #removeUnit(agent: UnitAgent): Promise<void> {
    const { unit } = agent;
    if (this.#model.state.units.has(unit)) this.#model.removeUnit(unit);
    this.#agents.delete(unit);
    for (const scope of this.#scopes.values()) scope.delete(unit);
    await this.#podStarts.get(unit);
    await this.#pods.get(unit)?.close();
    this.#pods.delete(unit);
    this.#unscheduled.delete(unit);
    this.#options.scheduler?.podStopped(unit);
  }
}

/** Exit 0 commits (a refused commit is a failed hook); anything else discards. */
function finish(context: HookContext, outcome: HookRunOutcome): { result: HookResult; error?: string } {
  if (outcome.killed) {
    context.discard("the hook was killed");
    return { result: "killed" };
  }
  if (outcome.ok) {
    const committed = context.commit();
    return committed.ok ? { result: "ok" } : { result: "failed", error: committed.error };
  }
  context.discard(outcome.error ?? `exit status ${outcome.exitCode}`);
  return { result: "failed", ...(outcome.error === undefined ? {} : { error: outcome.error }) };
}
