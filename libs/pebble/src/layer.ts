/**
 * The layer model (Pebble's layer specification, spec A.4/A.5): camelCase in TypeScript,
 * kebab-case on the wire. One field table per object drives both directions, so the
 * serialiser and the plan parser cannot drift apart, and anything not in the table (a typo,
 * a stray property) never reaches Pebble, whose layer parser rejects unknown fields.
 */
import { type WireObject, WireReader } from "./wire-reader";

export type Override = "merge" | "replace";
export type Startup = "enabled" | "disabled";
export type OnSuccessAction = "restart" | "shutdown" | "failure-shutdown" | "ignore";
export type OnFailureAction = "restart" | "shutdown" | "success-shutdown" | "ignore";
export type CheckLevel = "alive" | "ready";
export type LogTargetType = "loki" | "opentelemetry" | "syslog";

export interface ServiceSpec {
  /** Required in every layer: how this entry combines with the same service below it. */
  override: Override;
  summary?: string;
  description?: string;
  /** Required in the combined plan; may end in `[ default args ]`. */
  command?: string;
  startup?: Startup;
  after?: string[];
  before?: string[];
  requires?: string[];
  environment?: Record<string, string>;
  user?: string;
  userId?: number;
  group?: string;
  groupId?: number;
  workingDir?: string;
  onSuccess?: OnSuccessAction;
  onFailure?: OnFailureAction;
  /** Check name → action when that check fails. */
  onCheckFailure?: Record<string, OnFailureAction>;
  /** Go durations, e.g. `500ms`, `30s`. */
  backoffDelay?: string;
  backoffFactor?: number;
  backoffLimit?: string;
  killDelay?: string;
  workload?: string;
}

export interface HttpCheckSpec {
  url: string;
  headers?: Record<string, string>;
}

export interface TcpCheckSpec {
  port: number;
  host?: string;
}

export interface ExecCheckSpec {
  command: string;
  serviceContext?: string;
  environment?: Record<string, string>;
  user?: string;
  userId?: number;
  group?: string;
  groupId?: number;
  workingDir?: string;
}

export interface CheckSpec {
  override: Override;
  level?: CheckLevel;
  startup?: Startup;
  /** Go durations; Pebble defaults them to 10s and 3s. */
  period?: string;
  timeout?: string;
  threshold?: number;
  /** Exactly one of http, tcp and exec. */
  http?: HttpCheckSpec;
  tcp?: TcpCheckSpec;
  exec?: ExecCheckSpec;
}

export interface LogTargetSpec {
  override: Override;
  type?: LogTargetType;
  location?: string;
  /** Service names; `all`, `-name` and `-all` are understood by Pebble. */
  services?: string[];
  labels?: Record<string, string>;
}

export interface Layer {
  summary?: string;
  description?: string;
  services?: Record<string, ServiceSpec>;
  checks?: Record<string, CheckSpec>;
  logTargets?: Record<string, LogTargetSpec>;
}

// ---- field tables -------------------------------------------------------------------------

// Bracketed so unions such as Override stay whole instead of distributing.
type Field<V> = [V] extends [string]
  ? { kind: "string"; required?: true; oneOf?: readonly V[] }
  : [V] extends [number]
    ? { kind: "number"; required?: true }
    : [V] extends [readonly string[]]
      ? { kind: "strings" }
      : [V] extends [Record<string, infer Item>]
        ? [Item] extends [string]
          ? { kind: "string-map" }
          : { kind: "object-map"; schema: Schema<Item> }
        : { kind: "object"; schema: Schema<V> };

/** One entry per property of T, so adding a property without a table entry fails to compile. */
type Schema<T> = { [K in keyof T]-?: Field<NonNullable<T[K]>> };

type AnyField =
  | { kind: "string"; required?: true; oneOf?: readonly string[] }
  | { kind: "number"; required?: true }
  | { kind: "strings" }
  | { kind: "string-map" }
  | { kind: "object-map" | "object"; schema: AnySchema };
type AnySchema = Record<string, AnyField>;

const OVERRIDE = { kind: "string", required: true, oneOf: ["merge", "replace"] } as const;
const STARTUP = { kind: "string", oneOf: ["enabled", "disabled"] } as const;
const STRING = { kind: "string" } as const;
const NUMBER = { kind: "number" } as const;
const STRINGS = { kind: "strings" } as const;
const STRING_MAP = { kind: "string-map" } as const;

const SERVICE_SCHEMA: Schema<ServiceSpec> = {
  override: OVERRIDE,
  summary: STRING,
  description: STRING,
  command: STRING,
  startup: STARTUP,
  after: STRINGS,
  before: STRINGS,
  requires: STRINGS,
  environment: STRING_MAP,
  user: STRING,
  userId: NUMBER,
  group: STRING,
  groupId: NUMBER,
  workingDir: STRING,
  onSuccess: { kind: "string", oneOf: ["restart", "shutdown", "failure-shutdown", "ignore"] },
  onFailure: { kind: "string", oneOf: ["restart", "shutdown", "success-shutdown", "ignore"] },
  onCheckFailure: STRING_MAP,
  backoffDelay: STRING,
  backoffFactor: NUMBER,
  backoffLimit: STRING,
  killDelay: STRING,
  workload: STRING,
};

const CHECK_SCHEMA: Schema<CheckSpec> = {
  override: OVERRIDE,
  level: { kind: "string", oneOf: ["alive", "ready"] },
  startup: STARTUP,
  period: STRING,
  timeout: STRING,
  threshold: NUMBER,
  http: { kind: "object", schema: { url: { kind: "string", required: true }, headers: STRING_MAP } },
  tcp: { kind: "object", schema: { port: { kind: "number", required: true }, host: STRING } },
  exec: {
    kind: "object",
    schema: {
      command: { kind: "string", required: true },
      serviceContext: STRING,
      environment: STRING_MAP,
      user: STRING,
      userId: NUMBER,
      group: STRING,
      groupId: NUMBER,
      workingDir: STRING,
    },
  },
};

const LOG_TARGET_SCHEMA: Schema<LogTargetSpec> = {
  override: OVERRIDE,
  type: { kind: "string", oneOf: ["loki", "opentelemetry", "syslog"] },
  location: STRING,
  services: STRINGS,
  labels: STRING_MAP,
};

const LAYER_SCHEMA: Schema<Layer> = {
  summary: STRING,
  description: STRING,
  services: { kind: "object-map", schema: SERVICE_SCHEMA },
  checks: { kind: "object-map", schema: CHECK_SCHEMA },
  logTargets: { kind: "object-map", schema: LOG_TARGET_SCHEMA },
};

// ---- conversion ---------------------------------------------------------------------------

/** `workingDir` → `working-dir`, `logTargets` → `log-targets`. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function toWire(schema: AnySchema, value: Record<string, unknown>): WireObject {
  const out: WireObject = {};
  for (const [key, field] of Object.entries(schema)) {
    const item = value[key];
    if (item === undefined) continue;
    const wireKey = kebabCase(key);
    switch (field.kind) {
      case "object":
        out[wireKey] = toWire(field.schema, item as Record<string, unknown>);
        break;
      case "object-map":
        out[wireKey] = Object.fromEntries(
          Object.entries(item as Record<string, Record<string, unknown>>).map(([name, entry]) => [
            name,
            toWire(field.schema, entry),
          ]),
        );
        break;
      case "strings":
        out[wireKey] = [...(item as string[])];
        break;
      case "string-map":
        out[wireKey] = { ...(item as Record<string, string>) };
        break;
      default:
        out[wireKey] = item;
    }
  }
  return out;
}

function fromWire(schema: AnySchema, reader: WireReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    const wireKey = kebabCase(key);
    let value: unknown;
    switch (field.kind) {
      case "string":
        value = field.oneOf ? reader.optionalOneOf(wireKey, field.oneOf) : reader.optionalString(wireKey);
        break;
      case "number":
        value = reader.optionalNumber(wireKey);
        break;
      case "strings":
        value = reader.optionalStringList(wireKey);
        break;
      case "string-map":
        value = reader.optionalStringMap(wireKey);
        break;
      case "object": {
        const inner = reader.optionalObject(wireKey);
        value = inner && fromWire(field.schema, inner);
        break;
      }
      case "object-map": {
        const entries = reader.optionalEntries(wireKey);
        value =
          entries &&
          Object.fromEntries(entries.map(([name, entry]) => [name, fromWire(field.schema, entry)]));
        break;
      }
    }
    if (value === undefined && "required" in field && field.required) reader.assertPresent(wireKey);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The layer as Pebble's JSON/YAML object, with kebab-case keys and unset fields left out. */
export function layerToWire(layer: Layer): WireObject {
  // Schema<Layer> is a structural subtype of AnySchema; the cast only forgets the key types.
  return toWire(LAYER_SCHEMA as unknown as AnySchema, layer as Record<string, unknown>);
}

/** Read a layer-shaped object (a layer, or the combined plan) from Pebble's wire form. */
export function layerFromWire(value: unknown, context = "layer"): Layer {
  // fromWire only emits keys of the schema, each read with the reader matching its field kind.
  return fromWire(LAYER_SCHEMA as unknown as AnySchema, new WireReader(value ?? {}, context)) as Layer;
}
