// Things that happen immediately and are never rolled back: log records and action tasks.

export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

export interface LogRecord {
  time: Date;
  unit: string;
  /** Juju's logger name, e.g. `unit.app/0.juju-log`. */
  module: string;
  level: LogLevel;
  message: string;
}

export interface TaskRecord {
  id: string;
  unit: string;
  action: string;
  params: Record<string, unknown>;
  status: "running" | "completed" | "failed";
  message: string;
  /** action-set results (nested by dotted keys). */
  results: Record<string, unknown>;
  /** action-log messages, in order. */
  log: { time: Date; message: string }[];
}
