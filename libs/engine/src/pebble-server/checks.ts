import { connect } from "node:net";
import type { Change, ChangeStore, Status, Task } from "./changes";
import type { Clock } from "./clock";
import type { ContainerProcess } from "./container-sandbox";
import { formatGoDuration, MILLISECOND, nsToMs } from "./go-duration";
import { CHECK_SCHEMA, type CheckConfig } from "./layer-schema";
import { checkPeriod, checkThreshold, checkTimeout, configKey, mergeServiceContext, type Plan } from "./plan";
import { DEFAULT_PATH, type LaunchContext, launchProcess, withUserEnvironment } from "./process-launch";
import { splitShellWords } from "./shell-words";

const MAX_ERROR_BYTES = 512;
const MAX_ERROR_LINES = 5;

export type CheckStatus = "up" | "down" | "inactive";

export interface CheckInfo {
  name: string;
  level?: "alive" | "ready";
  startup: "enabled" | "disabled";
  status: CheckStatus;
  successes: number;
  failures: number;
  threshold: number;
  changeId?: string;
  prevChangeId?: string;
}

/** The JSON of a check as GET /v1/checks returns it. */
export function checkInfoToJson(info: CheckInfo): Record<string, unknown> {
  const json: Record<string, unknown> = { name: info.name };
  if (info.level) json.level = info.level;
  json.startup = info.startup;
  json.status = info.status;
  json.successes = info.successes;
  if (info.failures) json.failures = info.failures;
  json.threshold = info.threshold;
  if (info.changeId) json["change-id"] = info.changeId;
  if (info.prevChangeId) json["prev-change-id"] = info.prevChangeId;
  return json;
}

/** POST /v1/checks with names that are not in the plan. */
export class ChecksNotFoundError extends Error {
  constructor(names: string[]) {
    super(`cannot find checks in plan: ${[...names].sort().join(", ")}`);
    this.name = "ChecksNotFoundError";
  }
}

/** A check failure with the extra lines Pebble appends after "; " (output, response body). */
class CheckFailure extends Error {
  constructor(
    message: string,
    readonly details = "",
  ) {
    super(message);
  }

  get text(): string {
    return this.details ? `${this.message}; ${this.details}` : this.message;
  }
}

export interface CheckManagerOptions extends LaunchContext {
  plan: () => Plan;
  changes: ChangeStore;
  clock: Clock;
  baseEnvironment: Readonly<Record<string, string>>;
  /** A check hit its threshold (before recovery starts): services' on-check-failure actions. */
  onThreshold: (name: string) => void;
  /** The check is now down (pebble-check-failed) or up again (pebble-check-recovered). */
  onCheckFailed: (name: string) => void;
  onCheckRecovered: (name: string) => void;
  /**
   * Where the container's loopback is seen from this process (a pod's IP): http and tcp checks
   * run here, outside the pod's network namespace, so localhost in a check means that address.
   */
  loopbackHost?: string;
}

interface CheckRun {
  name: string;
  /** The check's configuration with its service context merged in. */
  config: CheckConfig;
  successes: number;
  failures: number;
  /** Set when the change ends so the next one (recover or perform) should follow. */
  proceed: boolean;
}

type RefreshRequest = (error: CheckFailure | undefined) => void;

interface CheckData {
  info: CheckInfo;
  /** Pending refreshes for the running check task to serve. */
  refreshes: RefreshRequest[];
  wake?: () => void;
}

/**
 * Runs the plan's health checks (checkstate): each running check is a perform-check change that
 * fails at its threshold, then a recover-check change that completes at the first success.
 */
export class CheckManager {
  private readonly checks = new Map<string, CheckData>();
  private readonly runs = new WeakMap<Task, CheckRun>();
  private readonly running = new Set<ContainerProcess>();

  constructor(private readonly options: CheckManagerOptions) {
    options.changes.addHandler("perform-check", (task, signal) => this.perform(task, signal));
    options.changes.addHandler("recover-check", (task, signal) => this.recover(task, signal));
    options.changes.onStatusChange((change, _previous, current) => this.changeStatusChanged(change, current));
  }

  list(): CheckInfo[] {
    return [...this.checks.values()].map((c) => ({ ...c.info })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** The plan changed: restart modified checks, start new enabled ones (checkstate.PlanChanged). */
  planChanged(plan: Plan): void {
    const running = new Set<string>();
    const toStart = new Set<string>();
    for (const change of this.options.changes.list()) {
      if ((change.kind !== "perform-check" && change.kind !== "recover-check") || change.ready) continue;
      const run = this.runOf(change);
      if (!run) continue;
      const { name } = run;
      running.add(name);
      const config = plan.checks.get(name);
      if (config) {
        if (configKey(CHECK_SCHEMA, run.config) === configKey(CHECK_SCHEMA, merged(plan, config))) continue;
        // A check switched to startup: disabled keeps running until stopped.
        if (config.startup === "disabled" && run.config.startup !== "disabled") continue;
        toStart.add(name);
      }
      this.options.changes.abort(change);
      this.checks.delete(name);
    }
    for (const [name, config] of plan.checks) {
      if (running.has(name)) continue;
      if (config.startup === "disabled") this.update(name, config, undefined, undefined, 0, 0);
      else toStart.add(name);
    }
    for (const name of toStart) {
      const config = plan.checks.get(name);
      if (config)
        this.update(name, config, this.performChange(name, merged(plan, config), 0, 0), undefined, 0, 0);
    }
  }

  /** Replan starts enabled checks that are not running; running disabled ones are left alone. */
  replan(): void {
    for (const [name, config] of this.options.plan().checks) {
      const data = this.checks.get(name);
      if (!data || config.startup === "disabled" || data.info.changeId) continue;
      this.update(
        name,
        config,
        this.performChange(name, merged(this.options.plan(), config), 0, 0),
        undefined,
        0,
        0,
      );
    }
  }

  /** Starts the named checks that are not running; returns those it started. */
  start(names: readonly string[]): string[] {
    const plan = this.requirePlanChecks(names);
    const started: string[] = [];
    for (const name of names) {
      const data = this.checks.get(name);
      const config = plan.checks.get(name) as CheckConfig;
      if (!data || data.info.changeId) continue;
      this.update(name, config, this.performChange(name, merged(plan, config), 0, 0), undefined, 0, 0);
      started.push(name);
    }
    return started;
  }

  /** Stops the named running checks, keeping their counts; returns those it stopped. */
  stop(names: readonly string[]): string[] {
    const plan = this.requirePlanChecks(names);
    const stopped: string[] = [];
    for (const name of names) {
      const data = this.checks.get(name);
      if (!data?.info.changeId) continue;
      const change = this.options.changes.change(data.info.changeId);
      if (change) {
        this.options.changes.abort(change);
        stopped.push(name);
      }
      const { successes, failures, prevChangeId } = data.info;
      this.update(name, plan.checks.get(name) as CheckConfig, undefined, prevChangeId, successes, failures);
    }
    return stopped;
  }

  /** POST /v1/checks/refresh: runs the check now; through its running task when it has one. */
  async refresh(name: string, signal: AbortSignal): Promise<{ info: CheckInfo; error?: string }> {
    const config = this.options.plan().checks.get(name) as CheckConfig;
    const data = this.checks.get(name);
    let failure: CheckFailure | undefined;
    if (!data?.info.changeId) {
      failure = await this.runCheck(merged(this.options.plan(), config), signal);
    } else {
      failure = await new Promise<CheckFailure | undefined>((resolve) => {
        data.refreshes.push(resolve);
        data.wake?.();
      });
    }
    const info = this.checks.get(name)?.info ?? this.inactiveInfo(name, config);
    return { info: { ...info }, error: failure?.text };
  }

  /** Kills exec checks still running. */
  close(): void {
    for (const process of this.running) process.signal("SIGKILL", true);
  }

  // --- changes ------------------------------------------------------------------------------------

  private performChange(name: string, config: CheckConfig, successes: number, failures: number): string {
    return this.newChange("perform-check", "Perform", { name, config, successes, failures, proceed: false });
  }

  private newChange(kind: string, verb: string, run: CheckRun): string {
    const { name, config } = run;
    const summary = `${verb} ${checkType(config)} check ${JSON.stringify(name)}`;
    const task = this.options.changes.newTask(kind, summary);
    this.runs.set(task, run);
    const change = this.options.changes.newChange(kind, summary, [task], {
      noticeData: { "check-name": name },
    });
    return change.id;
  }

  private changeStatusChanged(change: Change, status: Status): void {
    const run = this.runOf(change);
    if (!run?.proceed) return;
    const { name, config, successes, failures } = run;
    if (change.kind === "perform-check" && status === "Error") {
      const next = this.newChange("recover-check", "Recover", {
        name,
        config,
        successes,
        failures,
        proceed: false,
      });
      this.update(name, run.config, next, change.id, run.successes, run.failures);
      this.options.onCheckFailed(name);
    } else if (change.kind === "recover-check" && status === "Done") {
      const next = this.performChange(name, config, successes, failures);
      this.update(name, run.config, next, change.id, run.successes, run.failures);
      this.options.onCheckRecovered(name);
    }
  }

  private async perform(task: Task, signal: AbortSignal): Promise<void> {
    const run = this.runs.get(task) as CheckRun;
    const { name } = run;
    const threshold = checkThreshold(run.config);
    for (;;) {
      const refresh = await this.tick(name, run.config, signal);
      if (signal.aborted) return this.releaseRefreshes(name);
      const failure = await this.runCheck(run.config, signal);
      if (signal.aborted) {
        refresh?.(undefined);
        return this.releaseRefreshes(name);
      }
      if (failure) {
        run.failures += 1;
        if (run.failures >= threshold) {
          run.proceed = true;
          refresh?.(failure);
          this.options.onThreshold(name);
          throw new Error(failure.text);
        }
        task.errorf(failure.text);
      } else {
        run.successes += 1;
        if (run.failures > 0) {
          task.logf(`succeeded after ${run.failures} ${run.failures === 1 ? "failure" : "failures"}`);
          run.failures = 0;
        }
      }
      this.updateRunning(name, run, task);
      refresh?.(failure);
    }
  }

  private async recover(task: Task, signal: AbortSignal): Promise<void> {
    const run = this.runs.get(task) as CheckRun;
    const { name } = run;
    for (;;) {
      const refresh = await this.tick(name, run.config, signal);
      if (signal.aborted) return this.releaseRefreshes(name);
      const failure = await this.runCheck(run.config, signal);
      if (signal.aborted) {
        refresh?.(undefined);
        return this.releaseRefreshes(name);
      }
      if (!failure) {
        run.successes = 1;
        run.failures = 0;
        run.proceed = true;
        refresh?.(undefined);
        return;
      }
      run.failures += 1;
      this.updateRunning(name, run, task);
      task.errorf(failure.text);
      refresh?.(failure);
    }
  }

  /** A stopped check answers refreshes that were waiting for its task. */
  private releaseRefreshes(name: string): void {
    for (const answer of this.checks.get(name)?.refreshes.splice(0) ?? []) answer(undefined);
  }

  /** Waits one period (on the server clock), a refresh request, or the abort; returns the refresh. */
  private tick(name: string, config: CheckConfig, signal: AbortSignal): Promise<RefreshRequest | undefined> {
    const data = this.checks.get(name);
    const pending = data?.refreshes.shift();
    if (pending) return Promise.resolve(pending);
    return new Promise((resolve) => {
      const finish = (refresh?: RefreshRequest) => {
        cancel();
        signal.removeEventListener("abort", onAbort);
        if (data) data.wake = undefined;
        resolve(refresh);
      };
      const onAbort = () => finish();
      const cancel = this.options.clock.schedule(nsToMs(checkPeriod(config)), () => finish());
      signal.addEventListener("abort", onAbort, { once: true });
      if (data) data.wake = () => finish(data.refreshes.shift());
    });
  }

  private updateRunning(name: string, run: CheckRun, task: Task): void {
    const changeId = task.change?.id;
    this.update(
      name,
      run.config,
      changeId,
      this.checks.get(name)?.info.prevChangeId,
      run.successes,
      run.failures,
    );
  }

  private update(
    name: string,
    config: CheckConfig,
    changeId: string | undefined,
    prevChangeId: string | undefined,
    successes: number,
    failures: number,
  ): void {
    const threshold = checkThreshold(config);
    const status: CheckStatus = !changeId ? "inactive" : failures >= threshold ? "down" : "up";
    const data = this.checks.get(name) ?? { info: this.inactiveInfo(name, config), refreshes: [] };
    data.info = {
      name,
      level: config.level as CheckInfo["level"],
      startup: config.startup === "disabled" ? "disabled" : "enabled",
      status,
      successes,
      failures,
      threshold,
      changeId,
      prevChangeId,
    };
    this.checks.set(name, data);
  }

  private inactiveInfo(name: string, config: CheckConfig): CheckInfo {
    return {
      name,
      level: config.level as CheckInfo["level"],
      startup: config.startup === "disabled" ? "disabled" : "enabled",
      status: "inactive",
      successes: 0,
      failures: 0,
      threshold: checkThreshold(config),
    };
  }

  private requirePlanChecks(names: readonly string[]): Plan {
    const plan = this.options.plan();
    const missing = names.filter((n) => !plan.checks.has(n));
    if (missing.length > 0) throw new ChecksNotFoundError(missing);
    return plan;
  }

  private runOf(change: Change): CheckRun | undefined {
    const task = change.tasks[0];
    return task ? this.runs.get(task) : undefined;
  }

  // --- the checkers -------------------------------------------------------------------------------

  /** Runs a check once within its timeout; undefined means success. */
  private async runCheck(config: CheckConfig, signal: AbortSignal): Promise<CheckFailure | undefined> {
    const timeoutMs = nsToMs(checkTimeout(config));
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = AbortSignal.any([signal, timeout]);
    try {
      const loopback = this.options.loopbackHost;
      if (config.http) await httpCheck(config.http.url ?? "", config.http.headers ?? {}, both, loopback);
      else if (config.tcp)
        await tcpCheck(config.tcp.host || "localhost", config.tcp.port ?? 0, both, loopback);
      else if (config.exec) await this.execCheck(config, both);
      return undefined;
    } catch (error) {
      if (timeout.aborted && !signal.aborted) {
        return new CheckFailure(`check timed out after ${formatGoDuration(timeoutMs * MILLISECOND)}`);
      }
      return error instanceof CheckFailure
        ? error
        : new CheckFailure(String((error as Error).message ?? error));
    }
  }

  private async execCheck(config: CheckConfig, signal: AbortSignal): Promise<void> {
    const exec = config.exec ?? {};
    const argv = splitShellWords(exec.command ?? "");
    const { uid, gid } = this.options.users.normalize({
      userId: exec["user-id"],
      user: exec.user,
      groupId: exec["group-id"],
      group: exec.group,
    });
    const env = withUserEnvironment(
      this.options.users,
      { PATH: DEFAULT_PATH, ...this.options.baseEnvironment, ...exec.environment },
      uid,
    );
    const child = launchProcess(this.options, {
      argv,
      env,
      workingDir: exec["working-dir"],
      uid,
      gid,
      stdin: "null",
    });
    this.running.add(child);
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-MAX_ERROR_BYTES);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const kill = () => child.signal("SIGKILL", true);
    signal.addEventListener("abort", kill, { once: true });
    try {
      const status = await child.exited;
      signal.throwIfAborted();
      if (status.error) throw new CheckFailure(status.error.message);
      if (status.code !== 0) {
        const lines = output.trim().split("\n");
        throw new CheckFailure(`exit status ${status.code}`, lines.slice(-MAX_ERROR_LINES).join("\n"));
      }
    } finally {
      signal.removeEventListener("abort", kill);
      this.running.delete(child);
    }
  }
}

function checkType(config: CheckConfig): string {
  if (config.http) return "HTTP";
  if (config.tcp) return "TCP";
  if (config.exec) return "exec";
  return "<unknown>";
}

/** GET the URL; a non-2xx status fails with the first lines of the body as details. */
async function httpCheck(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  loopback: string | undefined,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(onLoopback(url, loopback), { headers, signal, redirect: "follow" });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new CheckFailure(`Get ${JSON.stringify(url)}: ${dialError(error)}`);
  }
  if (response.status >= 200 && response.status <= 299) {
    await response.body?.cancel();
    return;
  }
  const body = (await response.text()).slice(0, MAX_ERROR_BYTES).trim();
  let lines = body.split("\n");
  if (lines.length > MAX_ERROR_LINES) lines = [...lines.slice(0, MAX_ERROR_LINES), "(...)"];
  throw new CheckFailure(`non-2xx status code ${response.status}`, lines.join("\n"));
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** A check target on the container's loopback, moved to where this process reaches it. */
function onLoopback(url: string, loopback: string | undefined): string {
  if (!loopback) return url;
  try {
    const parsed = new URL(url);
    if (!LOOPBACK_HOSTS.has(parsed.hostname)) return url;
    parsed.hostname = loopback.includes(":") ? `[${loopback}]` : loopback;
    return parsed.toString();
  } catch {
    return url;
  }
}

function tcpCheck(
  host: string,
  port: number,
  signal: AbortSignal,
  loopback: string | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: loopback && LOOPBACK_HOSTS.has(host) ? loopback : host, port });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      signal.removeEventListener("abort", onAbort);
      socket.end();
      resolve();
    });
    socket.once("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(new CheckFailure(`dial tcp ${host}:${port}: ${dialError(error)}`));
    });
  });
}

/** A Go-flavoured dial error ("connect: connection refused") from a Node network error. */
function dialError(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "connect: connection refused";
  if (code === "ENOTFOUND") return "no such host";
  if (code === "ECONNRESET") return "connection reset by peer";
  return (cause as Error).message ?? String(cause);
}

/** Exec checks take environment, identity and directory from their service-context. */
function merged(plan: Plan, config: CheckConfig): CheckConfig {
  const copy = structuredClone(config);
  const exec = copy.exec;
  if (!exec?.["service-context"]) return copy;
  const context = mergeServiceContext(plan, exec["service-context"], {
    environment: exec.environment ?? {},
    userId: exec["user-id"],
    user: exec.user,
    groupId: exec["group-id"],
    group: exec.group,
    workingDir: exec["working-dir"],
  });
  copy.exec = {
    ...exec,
    environment: Object.keys(context.environment).length > 0 ? context.environment : undefined,
    "user-id": context.userId,
    user: context.user,
    "group-id": context.groupId,
    group: context.group,
    "working-dir": context.workingDir,
  };
  return copy;
}
