import { constants as osConstants } from "node:os";
import type { ChangeStore, Task } from "./changes";
import { type Clock, RealTimers, withRealTimeout } from "./clock";
import type { ContainerFilesystem } from "./container-filesystem";
import type { ContainerProcess, ContainerSandbox } from "./container-sandbox";
import { formatGoDuration, MILLISECOND, nsToMs } from "./go-duration";
import type { ServiceAction, ServiceConfig } from "./layer-schema";
import {
  backoffDelay,
  backoffFactor,
  backoffLimit,
  killDelay,
  type Plan,
  serviceConfigKey,
  startOrder,
  stopOrder,
} from "./plan";
import { launchProcess, StartError, withUserEnvironment } from "./process-launch";
import { ServiceLogBuffer } from "./service-logs";
import { parseServiceCommand } from "./shell-words";
import type { UserDatabase } from "./user-database";

/** How long a new process must live to count as started (servstate.okayDelay). */
export const DEFAULT_OKAY_DELAY_MS = 1000;
// How long after SIGKILL a stop gives up waiting (servstate.failDelay).
const FAIL_DELAY_MS = 5000;
const LAST_LOG_LINES = 20;

type ServiceState =
  | "initial"
  | "starting"
  | "running"
  | "terminating"
  | "killing"
  | "stopped"
  | "backoff"
  | "exited";

export type ServiceStatus = "active" | "inactive" | "backoff" | "error";

export interface ServiceInfo {
  name: string;
  startup: "enabled" | "disabled";
  current: ServiceStatus;
  currentSince?: Date;
}

/** A service whose on-success/on-failure/on-check-failure action asks Pebble to shut down. */
export interface ShutdownRequest {
  service: string;
  action: ServiceAction;
  exitCode?: number;
}

function statusOf(state: ServiceState): ServiceStatus {
  switch (state) {
    case "starting":
    case "running":
      return "active";
    case "terminating":
    case "killing":
    case "stopped":
      return "inactive";
    case "backoff":
      return "backoff";
    default:
      return "error";
  }
}

/** A one-shot result that a task handler waits for (a Go channel in Pebble). */
class Outcome {
  private settle: (error: Error | null) => void = () => {};
  readonly result = new Promise<Error | null>((resolve) => {
    this.settle = resolve;
  });
  private done = false;

  resolve(error: Error | null): void {
    if (this.done) return;
    this.done = true;
    this.settle(error);
  }
}

class ServiceData {
  state: ServiceState = "initial";
  currentSince?: Date;
  process?: ContainerProcess;
  pid?: number;
  backoffNum = 0;
  /** Nanoseconds. */
  backoffTime = 0;
  restarting = false;
  started?: Outcome;
  stopped?: Outcome;
  cancelResetTimer?: () => void;
  cancelBackoffTimer?: () => void;

  constructor(
    readonly name: string,
    public config: ServiceConfig,
    readonly logs: ServiceLogBuffer,
  ) {}
}

export interface ServiceManagerOptions {
  plan: () => Plan;
  changes: ChangeStore;
  fs: ContainerFilesystem;
  sandbox: ContainerSandbox;
  users: UserDatabase;
  clock: Clock;
  /** How long a new process must live to count as started (Pebble: 1 s). */
  okayDelayMs: number;
  /** The environment Pebble itself runs with; services inherit it. */
  baseEnvironment: Readonly<Record<string, string>>;
  onShutdownRequested: (request: ShutdownRequest) => void;
}

/**
 * Supervises the plan's services as real processes (servstate): start and stop tasks, the okay
 * delay, SIGTERM then SIGKILL after kill-delay, restart with backoff, and replan.
 */
export class ServiceManager {
  private readonly services = new Map<string, ServiceData>();
  private readonly taskServices = new WeakMap<Task, string>();
  private readonly timers = new RealTimers();
  private closing = false;

  constructor(private readonly options: ServiceManagerOptions) {
    options.changes.addHandler("start", (task, signal) => this.doStart(task, signal));
    options.changes.addHandler("stop", (task) => this.doStop(task));
  }

  /** The plan's services, sorted by name, optionally only those named. */
  list(names: readonly string[] = []): ServiceInfo[] {
    const infos: ServiceInfo[] = [];
    for (const [name, config] of this.options.plan().services) {
      if (names.length > 0 && !names.includes(name)) continue;
      const service = this.services.get(name);
      infos.push({
        name,
        startup: config.startup === "enabled" ? "enabled" : "disabled",
        current: service ? statusOf(service.state) : "inactive",
        currentSince: service?.currentSince,
      });
    }
    return infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** `startup: enabled` services in start order. */
  defaultServiceNames(): string[] {
    const plan = this.options.plan();
    const enabled = [...plan.services].filter(([, s]) => s.startup === "enabled").map(([name]) => name);
    return startOrder(plan, enabled).flat();
  }

  /** One start task per service, chained within each lane. */
  startTasks(lanes: readonly string[][]): Task[] {
    return this.laneTasks(lanes, "start", "Start");
  }

  /** One stop task per service, chained within each lane. */
  stopTasks(lanes: readonly string[][]): Task[] {
    return this.laneTasks(lanes, "stop", "Stop");
  }

  private laneTasks(lanes: readonly string[][], kind: string, verb: string): Task[] {
    const tasks: Task[] = [];
    for (const names of lanes) {
      const lane = this.options.changes.newLane();
      let previous: Task | undefined;
      for (const name of names) {
        const task = this.options.changes.newTask(kind, `${verb} service ${JSON.stringify(name)}`, lane);
        this.taskServices.set(task, name);
        if (previous) task.waitFor(previous);
        tasks.push(task);
        previous = task;
      }
    }
    return tasks;
  }

  /**
   * What replan must do: stop and start again every service whose config changed since it was
   * started, and start every `startup: enabled` service.
   */
  replan(): { stopLanes: string[][]; startLanes: string[][] } {
    const plan = this.options.plan();
    const needsRestart = new Set<string>();
    for (const [name, service] of this.services) {
      const config = plan.services.get(name);
      if (config && serviceConfigKey(config) === serviceConfigKey(service.config)) continue;
      if (config) service.config = structuredClone(config);
      needsRestart.add(name);
    }
    const start = [...plan.services]
      .filter(([name, config]) => needsRestart.has(name) || config.startup === "enabled")
      .map(([name]) => name);
    return { stopLanes: stopOrder(plan, [...needsRestart]), startLanes: startOrder(plan, start) };
  }

  /** POST /v1/signals: the signal goes to each service's process (not its group). */
  sendSignal(names: readonly string[], signal: string): void {
    const errors: string[] = [];
    for (const name of names) {
      const service = this.services.get(name);
      const problem = !service
        ? "service is not running"
        : service.state === "starting" || service.state === "running"
          ? signal in osConstants.signals
            ? undefined
            : `invalid signal name ${JSON.stringify(signal)}`
          : service.state === "initial"
            ? `invalid in state ${JSON.stringify(service.state)}`
            : "service is not running";
      if (problem) errors.push(`cannot send signal to ${JSON.stringify(name)}: ${problem}`);
      else service?.process?.signal(signal as NodeJS.Signals, false);
    }
    if (errors.length > 0) throw new Error(errors.join("; "));
  }

  /** A check hit its failure threshold: run the on-check-failure action of services that name it. */
  checkFailed(checkName: string): void {
    for (const service of this.services.values()) {
      const action = service.config["on-check-failure"]?.[checkName];
      if (action) this.onCheckFailure(service, action as ServiceAction);
    }
  }

  /** Host pids of the services that are running now (starting or running). */
  pids(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const [name, service] of this.services) {
      if (statusOf(service.state) === "active" && service.pid !== undefined) pids[name] = service.pid;
    }
    return pids;
  }

  /** Fault injection: signals a running service's process group as if something outside killed it. */
  async killService(name: string, signal: NodeJS.Signals = "SIGKILL"): Promise<boolean> {
    const service = this.services.get(name);
    const process = service?.process;
    if (!service || !process || statusOf(service.state) !== "active") return false;
    await process.workloadPid;
    process.signal(signal, true);
    return true;
  }

  logs(name: string): ServiceLogBuffer | undefined {
    return this.services.get(name)?.logs;
  }

  /** Stops every process (SIGTERM, then SIGKILL after its kill-delay) and waits for them. */
  async close(): Promise<void> {
    this.closing = true;
    const waits: Promise<unknown>[] = [];
    for (const service of this.services.values()) {
      service.cancelBackoffTimer?.();
      service.cancelResetTimer?.();
      const process = service.process;
      if (!process || !["starting", "running", "terminating", "killing"].includes(service.state)) continue;
      process.signal("SIGTERM", true);
      waits.push(
        withRealTimeout(process.exited, nsToMs(killDelay(service.config))).then(async (exited) => {
          if (exited) return;
          process.signal("SIGKILL", true);
          await withRealTimeout(process.exited, FAIL_DELAY_MS);
        }),
      );
    }
    await Promise.all(waits);
    this.timers.clearAll();
  }

  // --- task handlers ----------------------------------------------------------------------------

  private async doStart(task: Task, signal: AbortSignal): Promise<void> {
    const name = this.taskServices.get(task) ?? "";
    const config = this.options.plan().services.get(name);
    if (!config) throw new Error(`cannot find service ${JSON.stringify(name)} in plan`);
    const service = this.serviceForStart(name, config, task);
    if (!service) return;
    this.start(service);
    const started = service.started as Outcome;
    const aborted = new Promise<"aborted">((resolve) => {
      if (signal.aborted) resolve("aborted");
      signal.addEventListener("abort", () => resolve("aborted"), { once: true });
    });
    const outcome = await Promise.race([started.result, aborted]);
    if (outcome === "aborted") {
      this.transition(service, "stopped");
      service.process?.signal("SIGKILL", true);
      throw new Error("start aborted, sent SIGKILL to process");
    }
    if (outcome) {
      const output = service.logs.lastLines(LAST_LOG_LINES, "    ");
      if (output) task.logf(`Most recent service output:\n${output}`);
      throw new Error(`service start attempt: ${outcome.message}`);
    }
  }

  private serviceForStart(name: string, config: ServiceConfig, task: Task): ServiceData | undefined {
    const existing = this.services.get(name);
    if (!existing) {
      const logs = new ServiceLogBuffer(name, this.options.clock);
      const service = new ServiceData(name, structuredClone(config), logs);
      this.services.set(name, service);
      return service;
    }
    existing.config = structuredClone(config);
    switch (existing.state) {
      case "initial":
      case "starting":
      case "running":
        task.logf(`Service ${JSON.stringify(name)} already started.`);
        return undefined;
      case "backoff":
      case "stopped":
      case "exited":
        existing.cancelBackoffTimer?.();
        existing.backoffNum = 0;
        existing.backoffTime = 0;
        this.transition(existing, "initial");
        return existing;
      default:
        // Terminating or killing: start() reports it.
        return existing;
    }
  }

  private async doStop(task: Task): Promise<void> {
    const name = this.taskServices.get(task) ?? "";
    const service = this.services.get(name);
    const q = JSON.stringify(name);
    if (!service) return task.logf(`Service ${q} has never been started.`);
    switch (service.state) {
      case "terminating":
      case "killing":
        return task.logf(`Service ${q} already stopping.`);
      case "stopped":
        return task.logf(`Service ${q} already stopped.`);
      case "exited":
        this.transition(service, "stopped");
        return task.logf(`Service ${q} had already exited.`);
    }
    this.stop(service);
    const error = await (service.stopped as Outcome).result;
    if (error) throw new Error(`cannot stop service: ${error.message}`);
  }

  // --- the state machine --------------------------------------------------------------------------

  private transition(service: ServiceData, state: ServiceState, restarting = false): void {
    if (statusOf(service.state) !== statusOf(state)) service.currentSince = this.options.clock.now();
    service.state = state;
    service.restarting = restarting;
  }

  private start(service: ServiceData): void {
    if (service.state !== "initial") throw new Error(`cannot start service while ${service.state}`);
    service.started = new Outcome();
    try {
      this.launch(service);
    } catch (error) {
      this.transition(service, "stopped");
      throw error;
    }
    this.transition(service, "starting");
    this.timers.after(this.options.okayDelayMs, () => {
      if (service.state !== "starting") return;
      service.started?.resolve(null);
      this.transition(service, "running");
    });
  }

  /** Starts the process of a service (startInternal): command, environment, identity, directory. */
  private launch(service: ServiceData): void {
    const { config } = service;
    const { base, extra } = parseServiceCommand(config.command ?? "");
    const { uid, gid } = this.options.users.normalize({
      userId: config["user-id"],
      user: config.user,
      groupId: config["group-id"],
      group: config.group,
    });
    const env = withUserEnvironment(
      this.options.users,
      { ...this.options.baseEnvironment, ...config.environment },
      uid,
    );
    let child: ContainerProcess;
    try {
      child = launchProcess(this.options, {
        argv: [...base, ...extra],
        env,
        workingDir: config["working-dir"],
        uid,
        gid,
        stdin: "null",
      });
    } catch (error) {
      if (error instanceof StartError) throw new Error(`cannot start service: ${error.message}`);
      throw error;
    }
    child.stdout.on("data", (chunk: Buffer) => service.logs.write(chunk));
    child.stderr.on("data", (chunk: Buffer) => service.logs.write(chunk));
    service.process = child;
    service.pid = undefined;
    void child.workloadPid.then((pid) => {
      if (service.process === child) service.pid = pid;
    });
    service.cancelResetTimer = this.options.clock.schedule(nsToMs(backoffLimit(config)), () => {
      if (service.state === "running") {
        service.backoffNum = 0;
        service.backoffTime = 0;
      }
    });
    void child.exited.then((status) => {
      service.logs.flush();
      if (status.error) service.logs.write(`${status.error.message}\n`);
      if (service.process === child) this.exited(service, status.code);
    });
  }

  private exited(service: ServiceData, exitCode: number): void {
    service.cancelResetTimer?.();
    if (this.closing) {
      service.stopped?.resolve(null);
      this.transition(service, "stopped");
      return;
    }
    const action = exitAction(service.config, exitCode === 0);
    switch (service.state) {
      case "starting":
        service.started?.resolve(new Error(`exited quickly with code ${exitCode}, will ${action}`));
        this.applyExitAction(service, action, exitCode);
        return;
      case "running":
        this.applyExitAction(service, action, exitCode);
        return;
      case "terminating":
      case "killing":
        if (service.restarting) this.backoff(service);
        else {
          service.stopped?.resolve(null);
          this.transition(service, "stopped");
        }
        return;
      // Stopped: a SIGKILL after an aborted start; nothing to do.
    }
  }

  private applyExitAction(service: ServiceData, action: ServiceAction, exitCode: number): void {
    switch (action) {
      case "ignore":
        this.transition(service, exitCode === 0 ? "stopped" : "exited");
        return;
      case "restart":
        this.backoff(service);
        return;
      default:
        this.options.onShutdownRequested({ service: service.name, action, exitCode });
        this.transition(service, "exited");
    }
  }

  private backoff(service: ServiceData): void {
    service.backoffNum += 1;
    service.backoffTime = nextBackoff(service.config, service.backoffTime);
    this.transition(service, "backoff");
    const jitter = Math.random() * 0.1 * service.backoffTime;
    service.cancelBackoffTimer = this.options.clock.schedule(nsToMs(service.backoffTime + jitter), () => {
      if (service.state !== "backoff" || this.closing) return;
      try {
        this.launch(service);
      } catch (error) {
        // Pebble logs this and leaves the service backing off.
        service.logs.write(`${error instanceof Error ? error.message : String(error)}\n`);
        return;
      }
      this.transition(service, "running");
    });
  }

  private stop(service: ServiceData): void {
    service.stopped = new Outcome();
    switch (service.state) {
      case "starting":
        service.started?.resolve(
          new Error(
            `stopped before the ${formatGoDuration(this.options.okayDelayMs * MILLISECOND)} okay delay`,
          ),
        );
        this.terminate(service, false);
        return;
      case "running":
        this.terminate(service, false);
        return;
      case "backoff":
        service.cancelBackoffTimer?.();
        this.transition(service, "stopped");
        service.stopped.resolve(null);
        return;
      default:
        throw new Error(`cannot stop service while ${service.state}`);
    }
  }

  /** SIGTERM to the process group, SIGKILL after kill-delay, give up after the fail delay. */
  private terminate(service: ServiceData, restarting: boolean): void {
    service.process?.signal("SIGTERM", true);
    this.transition(service, "terminating", restarting);
    this.timers.after(nsToMs(killDelay(service.config)), () => {
      if (service.state !== "terminating") return;
      service.process?.signal("SIGKILL", true);
      this.transition(service, "killing", service.restarting);
      this.timers.after(FAIL_DELAY_MS, () => {
        if (service.state !== "killing") return;
        if (!service.restarting)
          service.stopped?.resolve(new Error("process still running after SIGTERM and SIGKILL"));
        this.transition(service, "stopped");
      });
    });
  }

  private onCheckFailure(service: ServiceData, action: ServiceAction): void {
    if (!["running", "backoff", "exited"].includes(service.state)) return;
    switch (action) {
      case "ignore":
        return;
      case "restart":
        if (service.state === "running") this.terminate(service, true);
        else if (service.state === "exited") this.backoff(service);
        return;
      default:
        this.options.onShutdownRequested({ service: service.name, action });
    }
  }
}

/** on-success or on-failure, both "restart" by default. */
function exitAction(config: ServiceConfig, success: boolean): ServiceAction {
  return ((success ? config["on-success"] : config["on-failure"]) as ServiceAction | undefined) ?? "restart";
}

function nextBackoff(config: ServiceConfig, current: number): number {
  if (current === 0) return backoffDelay(config);
  const limit = backoffLimit(config);
  if (current >= limit) return limit;
  return Math.min(Math.round(current * backoffFactor(config)), limit);
}
