import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Scalar } from "yaml";
import { parseGoDuration } from "./go-duration";
import {
  CHECK_SCHEMA,
  type CheckConfig,
  type Decoded,
  type FieldKind,
  LOG_TARGET_SCHEMA,
  type LogTargetConfig,
  type ObjectSchema,
  SERVICE_SCHEMA,
  type ServiceConfig,
} from "./layer-schema";
import { parseServiceCommand, ShellWordsError, splitShellWords } from "./shell-words";
import { IdentityError, type UserDatabase } from "./user-database";

/** A layer or plan problem that Pebble reports as 400 (plan.FormatError). */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanFormatError";
  }
}

export interface Layer {
  label: string;
  order: number;
  summary?: string;
  description?: string;
  services: Map<string, ServiceConfig>;
  checks: Map<string, CheckConfig>;
  logTargets: Map<string, LogTargetConfig>;
}

export function emptyLayer(label: string): Layer {
  return { label, order: 0, services: new Map(), checks: new Map(), logTargets: new Map() };
}

// A custom unmarshaler error in Go aborts the whole decode with just its own message.
class DecodeAbort extends Error {}

/** Decodes YAML nodes against a schema, collecting type errors the way yaml.v3 does in strict mode. */
class SchemaDecoder {
  readonly errors: string[] = [];

  constructor(private readonly lines: LineCounter) {}

  object<S extends ObjectSchema>(node: Node | null, schema: S): Decoded<S> | null {
    if (isNull(node)) return null;
    if (!isMap(node)) {
      this.typeError(node, schema.goType);
      return {};
    }
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = scalarText(pair.key as Node | null);
      const kind = schema.fields[key];
      if (kind === undefined) {
        this.errors.push(
          `line ${this.line(pair.key as Node)}: field ${key} not found in type ${schema.goType}`,
        );
        continue;
      }
      const value = this.field(pair.value as Node | null, kind);
      if (value !== undefined) out[key] = value;
    }
    return out as Decoded<S>;
  }

  /** A `map[string]*T` section; null entries are kept as null so validation can name them. */
  namedObjects<S extends ObjectSchema>(node: Node | null, schema: S): Map<string, Decoded<S> | null> {
    const out = new Map<string, Decoded<S> | null>();
    if (isNull(node)) return out;
    if (!isMap(node)) {
      this.typeError(node, `map[string]*${schema.goType}`);
      return out;
    }
    for (const pair of node.items) {
      out.set(scalarText(pair.key as Node | null), this.object(pair.value as Node | null, schema));
    }
    return out;
  }

  field(node: Node | null, kind: FieldKind): unknown {
    if (typeof kind === "object") return this.object(node, kind) ?? undefined;
    if (isNull(node)) return undefined;
    switch (kind) {
      case "string":
        return this.string(node);
      case "int":
        return this.int(node);
      case "count":
        return this.int(node) || undefined;
      case "float":
        return this.float(node);
      case "duration":
        return this.duration(node);
      case "strings":
        return this.strings(node);
      case "stringMap":
        return this.stringMap(node);
    }
  }

  string(node: Node | null): string | undefined {
    if (isNull(node)) return undefined;
    if (!isScalar(node)) {
      this.typeError(node, "string");
      return undefined;
    }
    return scalarText(node) || undefined;
  }

  private int(node: Node): number | undefined {
    if (isScalar(node) && typeof node.value === "number" && Number.isFinite(node.value))
      return Math.trunc(node.value);
    this.typeError(node, "int");
    return undefined;
  }

  private float(node: Node): number {
    if (!isScalar(node)) throw new DecodeAbort("value must be a YAML number");
    const n = typeof node.value === "number" ? node.value : Number.NaN;
    if (Number.isNaN(n))
      throw new DecodeAbort(`invalid floating-point number ${JSON.stringify(scalarText(node))}`);
    return n;
  }

  private duration(node: Node): number {
    if (!isScalar(node)) throw new DecodeAbort("duration must be a YAML string");
    try {
      return parseGoDuration(scalarText(node));
    } catch {
      throw new DecodeAbort(`invalid duration ${JSON.stringify(scalarText(node))}`);
    }
  }

  private strings(node: Node): string[] | undefined {
    if (!isSeq(node)) {
      this.typeError(node, "[]string");
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items) {
      const value = this.string(item as Node | null);
      out.push(value ?? "");
    }
    return out.length > 0 ? out : undefined;
  }

  private stringMap(node: Node): Record<string, string> | undefined {
    if (!isMap(node)) {
      this.typeError(node, "map[string]string");
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const pair of node.items) {
      out[scalarText(pair.key as Node | null)] = this.string(pair.value as Node | null) ?? "";
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private typeError(node: Node, goType: string): void {
    const value = isScalar(node) ? ` \`${scalarText(node)}\`` : "";
    this.errors.push(`line ${this.line(node)}: cannot unmarshal ${yamlTag(node)}${value} into ${goType}`);
  }

  private line(node: Node | null): number {
    const offset = node?.range?.[0] ?? 0;
    return this.lines.linePos(offset).line;
  }
}

function isNull(node: Node | null | undefined): node is null | undefined {
  return node == null || (isScalar(node) && node.value === null);
}

function scalarText(node: Node | null | undefined): string {
  if (!node || !isScalar(node)) return "";
  const scalar = node as Scalar;
  if (scalar.value === null) return "";
  return scalar.source ?? String(scalar.value);
}

function yamlTag(node: Node): string {
  if (isMap(node)) return "!!map";
  if (isSeq(node)) return "!!seq";
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return "!!null";
    if (typeof value === "boolean") return "!!bool";
    if (typeof value === "number") {
      return Number.isInteger(value) && !/[.eE]/.test(scalarText(node)) ? "!!int" : "!!float";
    }
  }
  return "!!str";
}

const BUILTIN_SECTIONS = ["summary", "description", "services", "checks", "log-targets"] as const;

/** Parses and validates one layer as POST /v1/layers does (plan.ParseLayer). */
export function parseLayer(label: string, text: string, users: UserDatabase): Layer {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lines.linePos(firstError.pos[0]).line;
    const message = firstError.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "");
    throw new PlanFormatError(`cannot parse layer ${JSON.stringify(label)}: yaml: line ${line}: ${message}`);
  }
  const layer = emptyLayer(label);
  const root = doc.contents as Node | null;
  if (isNull(root)) return validateLayer(layer, users);
  if (!isMap(root)) {
    throw new PlanFormatError(
      `cannot parse layer ${JSON.stringify(label)}: yaml: unmarshal errors:\n  line 1: cannot unmarshal ${yamlTag(root)} into map[string]yaml.Node`,
    );
  }
  const nullServices: string[] = [];
  const nullChecks: string[] = [];
  const nullTargets: string[] = [];
  for (const pair of root.items) {
    const section = scalarText(pair.key as Node | null);
    if (!(BUILTIN_SECTIONS as readonly string[]).includes(section)) {
      throw new PlanFormatError(
        `cannot parse layer ${JSON.stringify(label)}: unknown section ${JSON.stringify(section)}`,
      );
    }
    const decoder = new SchemaDecoder(lines);
    const value = pair.value as Node | null;
    try {
      switch (section) {
        case "summary":
          layer.summary = decoder.string(value);
          break;
        case "description":
          layer.description = decoder.string(value);
          break;
        case "services":
          collect(decoder.namedObjects(value, SERVICE_SCHEMA), layer.services, nullServices);
          break;
        case "checks":
          collect(decoder.namedObjects(value, CHECK_SCHEMA), layer.checks, nullChecks);
          break;
        case "log-targets":
          collect(decoder.namedObjects(value, LOG_TARGET_SCHEMA), layer.logTargets, nullTargets);
          break;
      }
    } catch (error) {
      if (!(error instanceof DecodeAbort)) throw error;
      decoder.errors.length = 0;
      throw new PlanFormatError(
        `cannot parse layer ${JSON.stringify(label)} section ${JSON.stringify(section)}: ${error.message}`,
      );
    }
    if (decoder.errors.length > 0) {
      throw new PlanFormatError(
        `cannot parse layer ${JSON.stringify(label)} section ${JSON.stringify(section)}: yaml: unmarshal errors:\n  ${decoder.errors.join("\n  ")}`,
      );
    }
  }
  return validateLayer(layer, users, { nullServices, nullChecks, nullTargets });
}

function collect<T>(decoded: Map<string, T | null>, into: Map<string, T>, nulls: string[]): void {
  for (const [name, value] of decoded) {
    if (value === null) nulls.push(name);
    else into.set(name, value);
  }
}

const SERVICE_ACTIONS = new Set(["restart", "shutdown", "ignore"]);

function validAction(action: string | undefined, extra: string): boolean {
  return action === undefined || SERVICE_ACTIONS.has(action) || action === extra;
}

interface NullEntries {
  nullServices: string[];
  nullChecks: string[];
  nullTargets: string[];
}

/** Per-layer validation (plan.Layer.Validate), with Pebble's messages. */
function validateLayer(layer: Layer, users: UserDatabase, nulls?: NullEntries): Layer {
  const fail = (message: string): never => {
    throw new PlanFormatError(message);
  };
  if (layer.label.startsWith("pebble-")) fail(`cannot use reserved label prefix "pebble-"`);

  const serviceNames = [...layer.services.keys(), ...(nulls?.nullServices ?? [])];
  for (const name of serviceNames) {
    const q = JSON.stringify(name);
    if (name === "") fail("cannot use empty string as service name");
    if (name === "pebble") fail(`cannot use reserved service name ${q}`);
    if (name.startsWith("-")) fail(`cannot use service name ${q}: starting with "-" not allowed`);
    const service = layer.services.get(name);
    if (!service) return fail(`service object cannot be null for service ${q}`);
    try {
      parseServiceCommand(service.command ?? "");
    } catch (error) {
      if (!(error instanceof ShellWordsError)) throw error;
      fail(`plan service ${q} command invalid: cannot parse service ${q} command: ${error.message}`);
    }
    if (!validAction(service["on-success"], "failure-shutdown")) {
      fail(`plan service ${q} on-success action ${JSON.stringify(service["on-success"])} invalid`);
    }
    if (!validAction(service["on-failure"], "success-shutdown")) {
      fail(`plan service ${q} on-failure action ${JSON.stringify(service["on-failure"])} invalid`);
    }
    for (const action of Object.values(service["on-check-failure"] ?? {})) {
      if (!validAction(action || undefined, "success-shutdown")) {
        fail(`plan service ${q} on-check-failure action ${JSON.stringify(action)} invalid`);
      }
    }
    const factor = service["backoff-factor"];
    if (factor !== undefined && factor < 1) {
      fail(`plan service ${q} backoff-factor must be 1.0 or greater, not ${factor}`);
    }
  }

  const checkNames = [...layer.checks.keys(), ...(nulls?.nullChecks ?? [])];
  for (const name of checkNames) {
    const q = JSON.stringify(name);
    if (name === "") fail("cannot use empty string as check name");
    const check = layer.checks.get(name);
    if (!check) return fail(`check object cannot be null for check ${q}`);
    if (check.level !== undefined && check.level !== "alive" && check.level !== "ready") {
      fail(`plan check ${q} level must be "alive" or "ready"`);
    }
    if (check.startup !== undefined && check.startup !== "enabled" && check.startup !== "disabled") {
      fail(`plan check ${q} startup must be "enabled" or "disabled"`);
    }
    if (check.period === 0) fail(`plan check ${q} period must not be zero`);
    if (check.timeout === 0) fail(`plan check ${q} timeout must not be zero`);
    if (check.exec) {
      try {
        splitShellWords(check.exec.command ?? "");
      } catch (error) {
        if (!(error instanceof ShellWordsError)) throw error;
        fail(`plan check ${q} command invalid: ${error.message}`);
      }
      try {
        users.normalize({
          userId: check.exec["user-id"],
          user: check.exec.user,
          groupId: check.exec["group-id"],
          group: check.exec.group,
        });
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error;
        fail(`plan check ${q} has invalid user/group: ${error.message}`);
      }
    }
  }

  const targetNames = [...layer.logTargets.keys(), ...(nulls?.nullTargets ?? [])];
  for (const name of targetNames) {
    const q = JSON.stringify(name);
    const target = layer.logTargets.get(name);
    if (!target) return fail(`log target object cannot be null for log target ${q}`);
    for (const labelName of Object.keys(target.labels ?? {})) {
      if (labelName.startsWith("pebble_")) {
        fail(`log target ${q}: label ${JSON.stringify(labelName)} uses reserved prefix "pebble_"`);
      }
    }
    const type = target.type;
    if (type !== undefined && type !== "loki" && type !== "opentelemetry" && type !== "syslog") {
      fail(
        `log target ${q} has unsupported type ${JSON.stringify(type)}, must be "loki", "opentelemetry" or "syslog"`,
      );
    }
  }
  return layer;
}
