/**
 * TEST FIXTURE: Pebble's changes and tasks (spec A.6), with real `/wait` semantics: a change
 * can stay in progress until the test (or a fake exec) finishes it.
 */
import { goTime } from "./wire-responses";

export type FakeStatus = "Do" | "Doing" | "Done" | "Error" | "Hold" | "Undone";

export interface FakeTask {
  id: string;
  kind: string;
  summary: string;
  status: FakeStatus;
  log: string[];
  spawnTime: Date;
  readyTime?: Date;
  data?: Record<string, unknown>;
}

export interface FakeChange {
  id: string;
  kind: string;
  summary: string;
  status: FakeStatus;
  err?: string;
  spawnTime: Date;
  readyTime?: Date;
  tasks: FakeTask[];
  data?: Record<string, unknown>;
}

const READY: readonly FakeStatus[] = ["Done", "Error", "Hold", "Undone"];

export function isReady(change: FakeChange): boolean {
  return READY.includes(change.status);
}

export interface TaskOutcome {
  /** The parenthesised reason in the change's err text; the task fails when set. */
  error?: string;
  data?: Record<string, unknown>;
}

export class ChangeStore {
  #nextChange = 1;
  #nextTask = 1;
  readonly #changes = new Map<string, FakeChange>();
  readonly #waiters = new Map<string, (() => void)[]>();

  create(
    kind: string,
    summary: string,
    tasks: { kind: string; summary: string }[],
    data?: Record<string, unknown>,
  ) {
    const now = new Date();
    const change: FakeChange = {
      id: String(this.#nextChange++),
      kind,
      summary,
      status: "Doing",
      spawnTime: now,
      tasks: tasks.map((t) => ({
        ...t,
        id: String(this.#nextTask++),
        status: "Doing",
        log: [],
        spawnTime: now,
      })),
      data,
    };
    this.#changes.set(change.id, change);
    return change;
  }

  /**
   * Finish every task (outcomes by task index) and the change. Any failed task makes the
   * change `Error` with Pebble's text: `cannot perform the following tasks:\n- <summary> (<err>)`.
   */
  finish(id: string, outcomes: TaskOutcome[] = []): FakeChange {
    const change = this.#mustGet(id);
    const now = new Date();
    const failures: string[] = [];
    change.tasks.forEach((task, i) => {
      const outcome = outcomes[i] ?? {};
      task.status = outcome.error ? "Error" : "Done";
      task.readyTime = now;
      if (outcome.data) task.data = outcome.data;
      if (outcome.error) {
        task.log.push(`${goTime(now)} ERROR ${outcome.error}`);
        failures.push(`- ${task.summary} (${outcome.error})`);
      }
    });
    change.status = failures.length ? "Error" : "Done";
    if (failures.length) change.err = `cannot perform the following tasks:\n${failures.join("\n")}`;
    change.readyTime = now;
    for (const wake of this.#waiters.get(id) ?? []) wake();
    this.#waiters.delete(id);
    return change;
  }

  get(id: string): FakeChange | undefined {
    return this.#changes.get(id);
  }

  list(): FakeChange[] {
    return [...this.#changes.values()];
  }

  /** Resolves true once ready, false when `timeoutMs` passes first (Infinity: never). */
  waitReady(id: string, timeoutMs: number): Promise<boolean> {
    const change = this.#mustGet(id);
    if (isReady(change)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => resolve(false), timeoutMs) : undefined;
      const waiters = this.#waiters.get(id) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.#waiters.set(id, waiters);
    });
  }

  #mustGet(id: string): FakeChange {
    const change = this.#changes.get(id);
    if (!change) throw new Error(`fixture: no change ${id}`);
    return change;
  }
}

/** A change's JSON as `api_changes.go` writes it. */
export function changeToWire(change: FakeChange): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: change.id,
    kind: change.kind,
    summary: change.summary,
    status: change.status,
    ready: isReady(change),
  };
  if (change.err) out.err = change.err;
  out["spawn-time"] = goTime(change.spawnTime);
  if (change.readyTime) out["ready-time"] = goTime(change.readyTime);
  out.tasks = change.tasks.map((task) => {
    const t: Record<string, unknown> = {
      id: task.id,
      kind: task.kind,
      summary: task.summary,
      status: task.status,
    };
    if (task.log.length) t.log = task.log;
    const done = READY.includes(task.status) ? 1 : 0;
    t.progress = { label: "", done, total: 1 };
    t["spawn-time"] = goTime(task.spawnTime);
    if (task.readyTime) t["ready-time"] = goTime(task.readyTime);
    if (task.data) t.data = task.data;
    return t;
  });
  if (change.data) out.data = change.data;
  return out;
}
