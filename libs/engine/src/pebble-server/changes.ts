import { type Clock, rfc3339, rfc3339Seconds } from "./clock";
import type { NoticeStore } from "./notices";

export type Status =
  | "Default"
  | "Do"
  | "Doing"
  | "Done"
  | "Abort"
  | "Undo"
  | "Undoing"
  | "Undone"
  | "Hold"
  | "Error"
  | "Wait";

const READY_STATUSES: ReadonlySet<Status> = new Set(["Done", "Undone", "Hold", "Error"]);
// Which task status wins when deriving a change's status (state.statusOrder).
const STATUS_PRIORITY: readonly Status[] = [
  "Abort",
  "Undoing",
  "Undo",
  "Doing",
  "Do",
  "Wait",
  "Error",
  "Undone",
  "Done",
  "Hold",
];
const MAX_TASK_LOG = 10;
const MAX_READY_CHANGES = 500;

export const isReadyStatus = (status: Status): boolean => READY_STATUSES.has(status);

/** A task handler: resolve for Done, throw for Error. `signal` fires when the change is aborted. */
export type TaskHandler = (task: Task, signal: AbortSignal) => Promise<void>;

export type ChangeStatusListener = (change: Change, previous: Status, current: Status) => void;

export class Task {
  status: Status = "Do";
  readonly log: string[] = [];
  readyTime?: Date;
  /** What GET /v1/changes shows as the task's `data` (Pebble's "api-data"). */
  apiData?: Record<string, unknown>;
  change?: Change;
  readonly waitTasks: Task[] = [];
  readonly haltTasks: Task[] = [];
  abortController?: AbortController;

  constructor(
    readonly id: string,
    readonly kind: string,
    readonly summary: string,
    readonly spawnTime: Date,
    readonly lanes: readonly number[],
    private readonly clock: Clock,
  ) {}

  waitFor(other: Task): void {
    this.waitTasks.push(other);
    other.haltTasks.push(this);
  }

  logf(message: string): void {
    this.addLog("INFO", message);
  }

  errorf(message: string): void {
    this.addLog("ERROR", message);
  }

  private addLog(level: string, message: string): void {
    if (this.log.length >= MAX_TASK_LOG) this.log.splice(0, this.log.length - (MAX_TASK_LOG - 1));
    this.log.push(`${rfc3339Seconds(this.clock.now())} ${level} ${message}`);
  }
}

export class Change {
  readonly tasks: Task[] = [];
  readyTime?: Date;
  explicitStatus?: Status;
  apiData?: Record<string, unknown>;
  /** The "service-names" data that GET /v1/changes?for= filters on. */
  serviceNames?: string[];
  noticeData?: Record<string, string>;
  lastObservedStatus: Status = "Default";
  lastNoticeStatus: Status = "Default";
  readonly readyWaiters = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly kind: string,
    readonly summary: string,
    readonly spawnTime: Date,
  ) {}

  status(): Status {
    if (this.explicitStatus) return this.explicitStatus;
    if (this.tasks.length === 0) return "Hold";
    const present = new Set(this.tasks.map((t) => t.status));
    return STATUS_PRIORITY.find((s) => present.has(s)) ?? "Done";
  }

  get ready(): boolean {
    return isReadyStatus(this.status());
  }

  /** Pebble's change error text: every failed task's ERROR log lines. */
  err(): string | undefined {
    if (this.status() !== "Error") return undefined;
    const lines: string[] = [];
    for (const task of this.tasks) {
      if (task.status !== "Error") continue;
      for (const entry of task.log) {
        const match = /^\S+ ERROR ([\s\S]*)$/.exec(entry);
        if (match) lines.push(`- ${task.summary} (${match[1]})`);
      }
    }
    if (lines.length === 0)
      return `internal inconsistency: change ${JSON.stringify(this.kind)} in ErrorStatus with no task errors logged`;
    return `cannot perform the following tasks:\n${lines.join("\n")}`;
  }
}

export interface NewChangeOptions {
  noticeData?: Record<string, string>;
  serviceNames?: string[];
  /** Create the change already in this status (a replan with nothing to do is created Done). */
  status?: Status;
}

/** The changes and tasks of the server, and the runner that executes tasks in dependency order. */
export class ChangeStore {
  private readonly changes = new Map<string, Change>();
  private readonly tasks = new Map<string, Task>();
  private readonly handlers = new Map<string, TaskHandler>();
  private readonly listeners: ChangeStatusListener[] = [];
  private lastChangeId = 0;
  private lastTaskId = 0;
  private lastLaneId = 0;
  private ensureQueued = false;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly notices: NoticeStore,
  ) {}

  addHandler(kind: string, handler: TaskHandler): void {
    this.handlers.set(kind, handler);
  }

  onStatusChange(listener: ChangeStatusListener): void {
    this.listeners.push(listener);
  }

  newLane(): number {
    this.lastLaneId += 1;
    return this.lastLaneId;
  }

  newTask(kind: string, summary: string, lane?: number): Task {
    this.lastTaskId += 1;
    const task = new Task(
      String(this.lastTaskId),
      kind,
      summary,
      this.clock.now(),
      lane ? [lane] : [],
      this.clock,
    );
    this.tasks.set(task.id, task);
    return task;
  }

  newChange(kind: string, summary: string, tasks: readonly Task[], options: NewChangeOptions = {}): Change {
    this.lastChangeId += 1;
    const change = new Change(String(this.lastChangeId), kind, summary, this.clock.now());
    change.noticeData = options.noticeData;
    change.serviceNames = options.serviceNames;
    for (const task of tasks) {
      task.change = change;
      change.tasks.push(task);
    }
    this.changes.set(change.id, change);
    this.recordNotice(change);
    if (options.status) {
      change.explicitStatus = options.status;
      this.statusMayHaveChanged(change);
    }
    this.prune();
    this.scheduleEnsure();
    return change;
  }

  change(id: string): Change | undefined {
    return this.changes.get(id);
  }

  task(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  list(): Change[] {
    return [...this.changes.values()];
  }

  /** POST /v1/changes/{id} abort: pending tasks are held, running ones are told to stop. */
  abort(change: Change): void {
    this.abortTasks(change.tasks);
  }

  /** Resolves true once the change is ready, false on timeout or abort of the wait. */
  waitReady(change: Change, timeoutMs?: number, signal?: AbortSignal): Promise<boolean> {
    if (change.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (ready: boolean) => {
        if (timer) clearTimeout(timer);
        change.readyWaiters.delete(onReady);
        signal?.removeEventListener("abort", onAbort);
        resolve(ready);
      };
      const onReady = () => finish(true);
      const onAbort = () => finish(false);
      change.readyWaiters.add(onReady);
      signal?.addEventListener("abort", onAbort);
      if (timeoutMs !== undefined) timer = setTimeout(() => finish(false), timeoutMs);
    });
  }

  /** Stops scheduling and aborts every running task (server close). */
  close(): void {
    this.closed = true;
    for (const change of this.changes.values()) if (!change.ready) this.abortTasks(change.tasks);
  }

  private scheduleEnsure(): void {
    if (this.ensureQueued || this.closed) return;
    this.ensureQueued = true;
    queueMicrotask(() => {
      this.ensureQueued = false;
      this.ensure();
    });
  }

  private ensure(): void {
    for (const change of this.changes.values()) {
      if (change.ready) continue;
      for (const task of change.tasks) {
        if (task.status !== "Do") continue;
        if (task.waitTasks.some((t) => isReadyStatus(t.status) && t.status !== "Done")) {
          this.setStatus(task, "Hold");
          continue;
        }
        if (task.waitTasks.every((t) => t.status === "Done")) this.run(task);
      }
    }
  }

  private run(task: Task): void {
    const handler = this.handlers.get(task.kind);
    this.setStatus(task, "Doing");
    const controller = new AbortController();
    task.abortController = controller;
    const work = handler
      ? Promise.resolve().then(() => handler(task, controller.signal))
      : Promise.reject(new Error(`internal error: no handler for ${JSON.stringify(task.kind)} tasks`));
    work.then(
      () => {
        task.abortController = undefined;
        // An aborted task that finishes cleanly cannot be undone, so it is held (taskrunner.tryUndo).
        this.setStatus(task, task.status === "Abort" ? "Hold" : "Done");
        this.scheduleEnsure();
      },
      (error: unknown) => {
        task.abortController = undefined;
        task.errorf(error instanceof Error ? error.message : String(error));
        if (task.change) this.abortLanes(task.change, task);
        this.setStatus(task, "Error");
        this.scheduleEnsure();
      },
    );
  }

  /** After a task fails, the rest of its lanes and everything waiting on them is aborted. */
  private abortLanes(change: Change, failed: Task): void {
    const inLanes = change.tasks.filter((t) => t !== failed && t.lanes.some((l) => failed.lanes.includes(l)));
    this.abortTasks([...inLanes, ...failed.haltTasks]);
  }

  private abortTasks(tasks: readonly Task[]): void {
    const seen = new Set<Task>();
    const queue = [...tasks];
    while (queue.length > 0) {
      const task = queue.shift() as Task;
      if (seen.has(task)) continue;
      seen.add(task);
      if (task.status === "Do") this.setStatus(task, "Hold");
      else if (task.status === "Doing") {
        this.setStatus(task, "Abort");
        task.abortController?.abort();
      }
      for (const halted of task.haltTasks) {
        queue.push(halted);
        const change = halted.change;
        if (change) queue.push(...change.tasks.filter((t) => t.lanes.some((l) => halted.lanes.includes(l))));
      }
    }
  }

  private setStatus(task: Task, status: Status): void {
    task.status = status;
    if (isReadyStatus(status)) task.readyTime ??= this.clock.now();
    this.statusMayHaveChanged(task.change);
  }

  private statusMayHaveChanged(change: Change | undefined): void {
    if (!change) return;
    const status = change.status();
    const previous = change.lastObservedStatus;
    if (status !== previous) {
      change.lastObservedStatus = status;
      if (isReadyStatus(status)) change.readyTime ??= this.clock.now();
      for (const listener of this.listeners) listener(change, previous, status);
    }
    const last = change.lastNoticeStatus;
    if (
      status !== last &&
      !(last === "Doing" && status === "Do") &&
      !(last === "Undoing" && status === "Undo")
    ) {
      change.lastNoticeStatus = status;
      this.recordNotice(change);
    }
    if (change.ready) for (const wake of [...change.readyWaiters]) wake();
  }

  /** Every spawn and status change of a change is a change-update notice keyed by its id. */
  private recordNotice(change: Change): void {
    this.notices.add(null, "change-update", change.id, { data: { kind: change.kind, ...change.noticeData } });
  }

  private prune(): void {
    const ready = [...this.changes.values()].filter((c) => c.ready);
    for (const change of ready.slice(0, Math.max(0, ready.length - MAX_READY_CHANGES))) {
      this.changes.delete(change.id);
      for (const task of change.tasks) this.tasks.delete(task.id);
    }
  }
}

/** The JSON of a change as GET /v1/changes/{id} returns it (daemon.changeInfo). */
export function changeToJson(change: Change): Record<string, unknown> {
  const status = change.status();
  const json: Record<string, unknown> = {
    id: change.id,
    kind: change.kind,
    summary: change.summary,
    status,
  };
  if (change.tasks.length > 0) json.tasks = change.tasks.map(taskToJson);
  json.ready = isReadyStatus(status);
  const err = change.err();
  if (err) json.err = err;
  json["spawn-time"] = rfc3339(change.spawnTime);
  if (change.readyTime) json["ready-time"] = rfc3339(change.readyTime);
  if (change.apiData) json.data = change.apiData;
  return json;
}

function taskToJson(task: Task): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: task.id,
    kind: task.kind,
    summary: task.summary,
    status: task.status,
  };
  if (task.log.length > 0) json.log = [...task.log];
  json.progress = { label: "", done: isReadyStatus(task.status) ? 1 : 0, total: 1 };
  json["spawn-time"] = rfc3339(task.spawnTime);
  if (task.readyTime) json["ready-time"] = rfc3339(task.readyTime);
  if (task.apiData) json.data = task.apiData;
  return json;
}
