/**
 * Time source for the Pebble server. It drives timestamps and the plan-level schedules (check
 * periods, restart backoff, backoff reset), so an engine with a controllable clock can step them.
 * Waits that race real processes (okay delay, kill delay, exec timeouts, long-poll timeouts) always
 * use real time: a process does not care what the model clock says.
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` after `ms` of this clock's time; returns a function that cancels it. */
  schedule(ms: number, callback: () => void): () => void;
}

export const realClock: Clock = {
  now: () => new Date(),
  schedule(ms, callback) {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/** RFC 3339 with milliseconds in UTC, as Go's time.Time JSON encoding reads to clients. */
export function rfc3339(date: Date): string {
  return date.toISOString();
}

/** RFC 3339 at second precision (Go's time.RFC3339 layout, used in task logs and file listings). */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A one-shot real-time timer set that can all be cancelled at close. */
export class RealTimers {
  private readonly timers = new Set<NodeJS.Timeout>();

  after(ms: number, callback: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  clearAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Waits for `promise`, but no longer than `ms` of real time; undefined on timeout. */
export async function withRealTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
