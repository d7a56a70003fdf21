// The layer schema: field names in Pebble's struct order (which is also the plan YAML order),
// the kind of each field, and the Go type names that appear in decode errors.

// "count" is an int whose zero value means unset (Go int fields such as threshold and port);
// "int" is a Go *int, where 0 is a real value (user-id, group-id).
export type ScalarKind = "string" | "int" | "count" | "float" | "duration";
export type FieldKind = ScalarKind | "strings" | "stringMap" | ObjectSchema;

export interface ObjectSchema {
  readonly goType: string;
  readonly fields: Readonly<Record<string, FieldKind>>;
  /** Fields written to YAML even when empty (Go fields without omitempty). */
  readonly alwaysEmit?: readonly string[];
}

export const HTTP_CHECK_SCHEMA = {
  goType: "plan.HTTPCheck",
  fields: { url: "string", headers: "stringMap" },
} as const satisfies ObjectSchema;

export const TCP_CHECK_SCHEMA = {
  goType: "plan.TCPCheck",
  fields: { port: "count", host: "string" },
} as const satisfies ObjectSchema;

export const EXEC_CHECK_SCHEMA = {
  goType: "plan.ExecCheck",
  fields: {
    command: "string",
    "service-context": "string",
    environment: "stringMap",
    "user-id": "int",
    user: "string",
    "group-id": "int",
    group: "string",
    "working-dir": "string",
  },
} as const satisfies ObjectSchema;

export const SERVICE_SCHEMA = {
  goType: "plan.Service",
  fields: {
    summary: "string",
    description: "string",
    startup: "string",
    override: "string",
    command: "string",
    after: "strings",
    before: "strings",
    requires: "strings",
    environment: "stringMap",
    "user-id": "int",
    user: "string",
    "group-id": "int",
    group: "string",
    "working-dir": "string",
    "on-success": "string",
    "on-failure": "string",
    "on-check-failure": "stringMap",
    "backoff-delay": "duration",
    "backoff-factor": "float",
    "backoff-limit": "duration",
    "kill-delay": "duration",
  },
} as const satisfies ObjectSchema;

export const CHECK_SCHEMA = {
  goType: "plan.Check",
  fields: {
    override: "string",
    level: "string",
    startup: "string",
    period: "duration",
    timeout: "duration",
    threshold: "count",
    http: HTTP_CHECK_SCHEMA,
    tcp: TCP_CHECK_SCHEMA,
    exec: EXEC_CHECK_SCHEMA,
  },
} as const satisfies ObjectSchema;

export const LOG_TARGET_SCHEMA = {
  goType: "plan.LogTarget",
  fields: {
    type: "string",
    location: "string",
    services: "strings",
    override: "string",
    labels: "stringMap",
  },
  alwaysEmit: ["type", "location", "services"],
} as const satisfies ObjectSchema;

type ValueOf<K> = K extends "string"
  ? string
  : K extends "int" | "count" | "float" | "duration"
    ? number
    : K extends "strings"
      ? string[]
      : K extends "stringMap"
        ? Record<string, string>
        : K extends ObjectSchema
          ? Decoded<K>
          : never;

/**
 * A decoded object: every field optional. Empty strings, lists and maps are stored as absent,
 * matching Go's zero values; durations are nanoseconds.
 */
export type Decoded<S extends ObjectSchema> = {
  -readonly [F in keyof S["fields"]]?: ValueOf<S["fields"][F]>;
};

export type ServiceConfig = Decoded<typeof SERVICE_SCHEMA>;
export type CheckConfig = Decoded<typeof CHECK_SCHEMA>;
export type HttpCheckConfig = Decoded<typeof HTTP_CHECK_SCHEMA>;
export type TcpCheckConfig = Decoded<typeof TCP_CHECK_SCHEMA>;
export type ExecCheckConfig = Decoded<typeof EXEC_CHECK_SCHEMA>;
export type LogTargetConfig = Decoded<typeof LOG_TARGET_SCHEMA>;

export type ServiceAction = "restart" | "shutdown" | "ignore" | "failure-shutdown" | "success-shutdown";
