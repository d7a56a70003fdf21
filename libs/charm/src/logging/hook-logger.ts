import { type Logger, pino } from "pino";
import { JUJU_LOG_THRESHOLD, type JujuLogLevel, jujuLogLevel } from "./juju-log-level";
import type { SecretRedactor } from "./secret-redactor";

export type { Logger } from "pino";

/** Where WARNING+ records go besides stdout: the `juju-log` hook tool. */
export type JujuLogSink = (level: JujuLogLevel, message: string) => Promise<void>;

export interface HookLogger {
  logger: Logger;
  /** Resolves when every `juju-log` call started so far has finished. */
  flush(): Promise<void>;
}

/**
 * pino writing one JSON line per record to stdout (Juju keeps hook stdout at DEBUG),
 * scrubbed of registered secrets; records at warn and above also go through `juju-log`,
 * since stdout alone would bury them at DEBUG.
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
  const destination = {
    write(line: string): void {
      const clean = opts.redactor.redact(line);
      write(clean);
      const record = JSON.parse(clean) as { level: number; msg?: string; err?: { message?: string } };
      if (record.level < JUJU_LOG_THRESHOLD) return;
      const text = [record.msg, record.err?.message].filter(Boolean).join(": ");
      const call = opts
        .jujuLog(jujuLogLevel(record.level), text || clean.trim())
        // A failing juju-log must never fail the hook: the record is already on stdout.
        .catch(() => undefined)
        .finally(() => pending.delete(call));
      pending.add(call);
    },
  };
  const logger = pino(
    { level: opts.level ?? "debug", base: opts.bindings ?? null, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
  return {
    logger,
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
