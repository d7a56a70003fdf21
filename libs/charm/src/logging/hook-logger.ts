import { JUJU_LOG_THRESHOLD, type JujuLogLevel, jujuLogLevel } from "./juju-log-level";
import type { SecretRedactor } from "./secret-redactor";

/** A log method: a message, or fields (an Error: its `err`) and a message. */
export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

/** The hook's logger: pino's record shape and methods, without pino's startup cost. */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
}

/** Where WARNING+ records go besides stdout: the `juju-log` hook tool. */
export type JujuLogSink = (level: JujuLogLevel, message: string) => Promise<void>;

export interface HookLogger {
  logger: Logger;
  /** Resolves when every `juju-log` call started so far has finished. */
  flush(): Promise<void>;
}

// pino's numbers, which the hook log and the tests read.
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type LevelName = keyof typeof LEVELS;

/** An Error as pino's standard serializer gives it: type, message, stack, own fields, cause. */
function serializeError(err: Error, seen: Set<unknown>): Record<string, unknown> {
  seen.add(err);
  const out: Record<string, unknown> = { type: err.constructor?.name ?? "Error", message: err.message };
  out.stack = err.stack;
  for (const [key, value] of Object.entries(err)) {
    if (key in out || seen.has(value)) continue;
    out[key] = value instanceof Error ? serializeError(value, seen) : value;
  }
  if (err.cause instanceof Error && !seen.has(err.cause)) out.cause = serializeError(err.cause, seen);
  return out;
}

/** JSON of a record: errors serialized, bigints as strings, cycles cut. */
function stringify(record: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(record, (_key, value: unknown) => {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return serializeError(value, new Set());
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) return "[Circular]";
      seen.add(value);
    }
    return value;
  });
}

/**
 * One JSON line per record to stdout (Juju keeps hook stdout at DEBUG), pino's shape (`level`,
 * `time`, the bindings, the fields, `msg`), scrubbed of registered secrets; records at warn and
 * above also go through `juju-log`, since stdout alone would bury them at DEBUG. (pino itself
 * cost a hook ~10 ms of startup for features a hook does not use: transports, worker threads.)
 */
export function createHookLogger(opts: {
  redactor: SecretRedactor;
  jujuLog: JujuLogSink;
  bindings?: Record<string, unknown>;
  level?: string;
  write?: (line: string) => void;
}): HookLogger {
  const pending = new Set<Promise<void>>();
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  const threshold = LEVELS[(opts.level ?? "debug") as LevelName] ?? LEVELS.debug;
  const bindings = opts.bindings ?? {};

  const emit = (level: number, objOrMsg: object | string, msg?: string) => {
    if (level < threshold) return;
    let fields: object = {};
    let message = msg;
    if (typeof objOrMsg === "string") message = objOrMsg;
    else if (objOrMsg instanceof Error) {
      fields = { err: objOrMsg };
      message ??= objOrMsg.message;
    } else fields = objOrMsg ?? {};
    const record = {
      level,
      time: new Date().toISOString(),
      ...bindings,
      ...fields,
      ...(message === undefined ? {} : { msg: message }),
    };
    const clean = opts.redactor.redact(`${stringify(record)}\n`);
    write(clean);
    if (level < JUJU_LOG_THRESHOLD) return;
    const parsed = JSON.parse(clean) as { msg?: string; err?: { message?: string } };
    const text = [parsed.msg, parsed.err?.message].filter(Boolean).join(": ");
    const call = opts
      .jujuLog(jujuLogLevel(level), text || clean.trim())
      // A failing juju-log must never fail the hook: the record is already on stdout.
      .catch(() => undefined)
      .finally(() => pending.delete(call));
    pending.add(call);
  };
  const method =
    (name: LevelName): LogFn =>
    (objOrMsg: object | string, msg?: string) =>
      emit(LEVELS[name], objOrMsg, msg);
  const logger: Logger = {
    trace: method("trace"),
    debug: method("debug"),
    info: method("info"),
    warn: method("warn"),
    error: method("error"),
    fatal: method("fatal"),
  };
  return {
    logger,
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
