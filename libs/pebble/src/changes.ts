/**
 * Changes (spec A.6): the async operations behind service actions and exec. Waiting uses the
 * `/wait` long poll in slices, going round again on 504, and falls back to polling
 * `GET /v1/changes/{id}` on 404 (a Pebble without `/wait`), as ops does.
 */
import { requestSync } from "./envelope";
import { goDuration } from "./go-duration";
import { PebbleApiError, PebbleChangeError, TimeoutError } from "./pebble-errors";
import type { PebbleTransport } from "./unix-socket-transport";
import { readList, WireReader } from "./wire-reader";

export const CHANGE_STATUSES = [
  "Default",
  "Do",
  "Doing",
  "Done",
  "Abort",
  "Undo",
  "Undoing",
  "Undone",
  "Hold",
  "Error",
  "Wait",
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export interface TaskProgress {
  label: string;
  done: number;
  total: number;
}

export interface Task {
  id: string;
  kind: string;
  summary: string;
  status: ChangeStatus;
  /** Lines of `<RFC3339> <LEVEL> <message>`. */
  log: string[];
  progress: TaskProgress;
  spawnTime: Date;
  readyTime?: Date;
  /** Task API data; exec puts `{"exit-code": N}` here. */
  data: Record<string, unknown>;
}

export interface Change {
  id: string;
  kind: string;
  summary: string;
  status: ChangeStatus;
  ready: boolean;
  /** Set when the change finished in `Error`; Pebble's own multi-line text. */
  err?: string;
  spawnTime: Date;
  readyTime?: Date;
  tasks: Task[];
  data: Record<string, unknown>;
}

export type ChangeSelect = "all" | "in-progress" | "ready";

export interface WaitChangeOptions {
  /** Overall deadline in ms (default 30 s); `Infinity` waits as long as it takes. */
  timeoutMs?: number;
  /** Poll interval when `/wait` is unavailable (default 100 ms). */
  pollDelayMs?: number;
}

const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_POLL_DELAY_MS = 100;
// One long poll never outlasts this, so a hung socket is noticed within a bounded time.
const LONG_POLL_SLICE_MS = 30_000;

function parseProgress(value: unknown, context: string): TaskProgress {
  const reader = new WireReader(value, context);
  return {
    label: reader.optionalString("label") ?? "",
    done: reader.number("done"),
    total: reader.number("total"),
  };
}

export function parseTask(value: unknown, context = "task"): Task {
  const reader = new WireReader(value, context);
  return {
    id: reader.string("id"),
    kind: reader.string("kind"),
    summary: reader.string("summary"),
    status: reader.oneOf("status", CHANGE_STATUSES),
    log: reader.optionalStringList("log") ?? [],
    progress: parseProgress(reader.raw("progress"), `${context}.progress`),
    spawnTime: reader.time("spawn-time"),
    readyTime: reader.optionalTime("ready-time"),
    data: reader.optionalRecord("data") ?? {},
  };
}

export function parseChange(value: unknown, context = "change"): Change {
  const reader = new WireReader(value, context);
  return {
    id: reader.string("id"),
    kind: reader.string("kind"),
    summary: reader.string("summary"),
    status: reader.oneOf("status", CHANGE_STATUSES),
    ready: reader.boolean("ready"),
    err: reader.optionalString("err"),
    spawnTime: reader.time("spawn-time"),
    readyTime: reader.optionalTime("ready-time"),
    tasks: reader.optionalList("tasks", parseTask) ?? [],
    data: reader.optionalRecord("data") ?? {},
  };
}

function changePath(id: string): string {
  return `/v1/changes/${encodeURIComponent(id)}`;
}

export async function getChanges(
  transport: PebbleTransport,
  options: { select?: ChangeSelect; service?: string } = {},
): Promise<Change[]> {
  const result = await requestSync(transport, "GET", "/v1/changes", {
    query: { select: options.select ?? "in-progress", for: options.service },
  });
  return readList(result, "changes", parseChange);
}

export async function getChange(transport: PebbleTransport, id: string): Promise<Change> {
  return parseChange(await requestSync(transport, "GET", changePath(id)));
}

export async function abortChange(transport: PebbleTransport, id: string): Promise<Change> {
  return parseChange(await requestSync(transport, "POST", changePath(id), { body: { action: "abort" } }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function timedOut(id: string, timeoutMs: number): TimeoutError {
  return new TimeoutError(`timed out waiting for change ${id} (${timeoutMs / 1000} s)`);
}

export async function waitChange(
  transport: PebbleTransport,
  id: string,
  options: WaitChangeOptions = {},
): Promise<Change> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut(id, timeoutMs);
    const slice = Math.min(remaining, LONG_POLL_SLICE_MS);
    try {
      const result = await requestSync(transport, "GET", `${changePath(id)}/wait`, {
        query: { timeout: goDuration(slice) },
        timeoutMs: slice + transport.timeoutMs,
      });
      const change = parseChange(result);
      if (change.ready) return change;
    } catch (error) {
      if (!(error instanceof PebbleApiError)) throw error;
      if (error.statusCode === 504) continue;
      if (error.statusCode === 404)
        return pollChange(transport, id, deadline, timeoutMs, options.pollDelayMs);
      throw error;
    }
  }
}

async function pollChange(
  transport: PebbleTransport,
  id: string,
  deadline: number,
  timeoutMs: number,
  pollDelayMs = DEFAULT_POLL_DELAY_MS,
): Promise<Change> {
  for (;;) {
    const change = await getChange(transport, id);
    if (change.ready) return change;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut(id, timeoutMs);
    await sleep(Math.min(pollDelayMs, remaining));
  }
}

/** Wait for a change and turn a finished-with-`err` change into a PebbleChangeError. */
export async function waitChangeOrThrow(
  transport: PebbleTransport,
  id: string,
  options: WaitChangeOptions = {},
): Promise<Change> {
  const change = await waitChange(transport, id, options);
  if (change.err) throw new PebbleChangeError(change);
  return change;
}
