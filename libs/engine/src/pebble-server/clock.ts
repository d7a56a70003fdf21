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

/**
 * A Date that also keeps the nanoseconds within its millisecond, as Go's time.Time does: Pebble's
 * timestamps (notices, changes, services, logs) are nanosecond times, and `after=` compares them
 * at that precision. Date arithmetic on it stays at milliseconds; `epochNs` reads all of it.
 */
export class PreciseDate extends Date {
  readonly epochNs: bigint;

  constructor(epochNs: bigint) {
    super(Number(epochNs / 1_000_000n));
    this.epochNs = epochNs;
  }
}

/** Nanoseconds since the epoch: a PreciseDate's own, a plain Date's milliseconds scaled. */
export function epochNs(date: Date): bigint {
  return date instanceof PreciseDate ? date.epochNs : BigInt(date.getTime()) * 1_000_000n;
}

// process.hrtime anchored once to the wall clock: nanosecond steps between readings.
const anchorWallNs = BigInt(Date.now()) * 1_000_000n;
const anchorHrNs = process.hrtime.bigint();
let lastRealNs = 0n;

/** The wall time in nanoseconds, strictly increasing from one reading to the next. */
function realNowNs(): bigint {
  const ns = anchorWallNs + (process.hrtime.bigint() - anchorHrNs);
  lastRealNs = ns > lastRealNs ? ns : lastRealNs + 1n;
  return lastRealNs;
}

export const realClock: Clock = {
  now: () => new PreciseDate(realNowNs()),
  schedule(ms, callback) {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/**
 * RFC 3339 in UTC with nanoseconds, as Go's time.Time JSON encoding (RFC3339Nano) sends it:
 * up to 9 fractional digits, trailing zeros dropped (none at all on a whole second).
 */
export function rfc3339(date: Date): string {
  const ns = epochNs(date);
  const fraction = String(((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).padStart(9, "0");
  const seconds = new Date(Number((ns - BigInt(fraction)) / 1_000_000n)).toISOString().slice(0, 19);
  const digits = fraction.replace(/0+$/, "");
  return `${seconds}${digits ? `.${digits}` : ""}Z`;
}

const RFC3339_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 time (Go's time.RFC3339 layout, which takes any fraction up to
 * nanoseconds) at full precision; undefined when it is not one.
 */
export function parseRfc3339(text: string): PreciseDate | undefined {
  const match = RFC3339_TIME.exec(text);
  if (!match) return undefined;
  const [, base, fraction = "", zone] = match;
  const ms = Date.parse(`${base}${zone === "Z" ? "Z" : zone}`);
  if (Number.isNaN(ms)) return undefined;
  // Go reads at most nanoseconds and drops further digits.
  return new PreciseDate(BigInt(ms) * 1_000_000n + BigInt(fraction.slice(0, 9).padEnd(9, "0")));
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
