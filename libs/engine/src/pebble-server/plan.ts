import { stringify } from "yaml";
import { formatGoDuration, MILLISECOND, SECOND } from "./go-duration";
import { type Layer, PlanFormatError } from "./layer";
import {
  CHECK_SCHEMA,
  type CheckConfig,
  type Decoded,
  LOG_TARGET_SCHEMA,
  type LogTargetConfig,
  type ObjectSchema,
  SERVICE_SCHEMA,
  type ServiceConfig,
} from "./layer-schema";

const DEFAULT_BACKOFF_DELAY = 500 * MILLISECOND;
const DEFAULT_BACKOFF_FACTOR = 2.0;
const DEFAULT_BACKOFF_LIMIT = 30 * SECOND;
const DEFAULT_KILL_DELAY = 5 * SECOND;
const DEFAULT_CHECK_PERIOD = 10 * SECOND;
const DEFAULT_CHECK_TIMEOUT = 3 * SECOND;
const DEFAULT_CHECK_THRESHOLD = 3;

/** The combined plan: every layer folded in order with the override rules. */
export interface Plan {
  readonly layers: readonly Layer[];
  readonly services: ReadonlyMap<string, ServiceConfig>;
  readonly checks: ReadonlyMap<string, CheckConfig>;
  readonly logTargets: ReadonlyMap<string, LogTargetConfig>;
}

export const EMPTY_PLAN: Plan = { layers: [], services: new Map(), checks: new Map(), logTargets: new Map() };

// Effective values of optional service and check settings (Pebble fills them in when combining,
// without writing them to the plan YAML).
export const backoffDelay = (s: ServiceConfig): number => s["backoff-delay"] ?? DEFAULT_BACKOFF_DELAY;
export const backoffFactor = (s: ServiceConfig): number => s["backoff-factor"] ?? DEFAULT_BACKOFF_FACTOR;
export const backoffLimit = (s: ServiceConfig): number => s["backoff-limit"] ?? DEFAULT_BACKOFF_LIMIT;
export const killDelay = (s: ServiceConfig): number => s["kill-delay"] ?? DEFAULT_KILL_DELAY;
export const checkPeriod = (c: CheckConfig): number => c.period ?? DEFAULT_CHECK_PERIOD;
export const checkTimeout = (c: CheckConfig): number =>
  Math.min(c.timeout ?? DEFAULT_CHECK_TIMEOUT, checkPeriod(c));
export const checkThreshold = (c: CheckConfig): number => c.threshold ?? DEFAULT_CHECK_THRESHOLD;

/** Folds `other` into `target` field by field: scalars when set, lists appended, maps merged by key. */
function mergeInto<S extends ObjectSchema>(schema: S, target: Decoded<S>, other: Decoded<S>): void {
  const t = target as Record<string, unknown>;
  for (const [field, value] of Object.entries(other as Record<string, unknown>)) {
    if (value === undefined || field === "override") continue;
    const kind = schema.fields[field];
    if (kind === "strings")
      t[field] = [...((t[field] as string[] | undefined) ?? []), ...(value as string[])];
    else if (kind === "stringMap") t[field] = { ...(t[field] as object | undefined), ...(value as object) };
    else if (typeof kind === "object") {
      if (t[field] === undefined) t[field] = {};
      mergeInto(kind, t[field] as Decoded<ObjectSchema>, value as Decoded<ObjectSchema>);
    } else t[field] = value;
  }
}

function combineSection<S extends ObjectSchema>(
  schema: S,
  layers: readonly Layer[],
  pick: (layer: Layer) => ReadonlyMap<string, Decoded<S>>,
  what: string,
): Map<string, Decoded<S>> {
  const combined = new Map<string, Decoded<S>>();
  for (const layer of layers) {
    for (const [name, entry] of pick(layer)) {
      const override = (entry as { override?: string }).override;
      const existing = combined.get(name);
      if (override === "merge" && existing) mergeInto(schema, existing, entry);
      else if (override === "merge" || override === "replace") combined.set(name, structuredClone(entry));
      else if (override === undefined) {
        throw new PlanFormatError(
          `layer ${JSON.stringify(layer.label)} must define "override" for ${what} ${JSON.stringify(name)}`,
        );
      } else {
        throw new PlanFormatError(
          `layer ${JSON.stringify(layer.label)} has invalid "override" value for ${what} ${JSON.stringify(name)}`,
        );
      }
    }
  }
  return combined;
}

/** Combines layers in order (plan.CombineLayers); the result carries the last layer's summary. */
export function combineLayers(layers: readonly Layer[], label: string, order: number): Layer {
  const checks = combineSection(CHECK_SCHEMA, layers, (l) => l.checks, "check");
  for (const check of checks.values()) check.threshold ??= DEFAULT_CHECK_THRESHOLD;
  const last = layers.at(-1);
  return {
    label,
    order,
    summary: last?.summary,
    description: last?.description,
    services: combineSection(SERVICE_SCHEMA, layers, (l) => l.services, "service"),
    checks,
    logTargets: combineSection(LOG_TARGET_SCHEMA, layers, (l) => l.logTargets, "log target"),
  };
}

/** Combines a layer stack into a plan and validates the whole (plan.Plan.Validate). */
export function buildPlan(layers: readonly Layer[]): Plan {
  const combined = combineLayers(layers, "", 0);
  const plan: Plan = {
    layers,
    services: combined.services,
    checks: combined.checks,
    logTargets: combined.logTargets,
  };
  validatePlan(plan);
  return plan;
}

function validatePlan(plan: Plan): void {
  for (const [name, service] of plan.services) {
    if (!service.command)
      throw new PlanFormatError(`plan must define "command" for service ${JSON.stringify(name)}`);
  }
  for (const [name, check] of plan.checks) {
    const q = JSON.stringify(name);
    let types = 0;
    if (check.http) {
      if (!check.http.url) throw new PlanFormatError(`plan must set "url" for http check ${q}`);
      types++;
    }
    if (check.tcp) {
      if (!check.tcp.port) throw new PlanFormatError(`plan must set "port" for tcp check ${q}`);
      types++;
    }
    if (check.exec) {
      if (!check.exec.command) throw new PlanFormatError(`plan must set "command" for exec check ${q}`);
      const context = check.exec["service-context"];
      if (context && !plan.services.has(context)) {
        throw new PlanFormatError(
          `plan check ${q} service context specifies non-existent service ${JSON.stringify(context)}`,
        );
      }
      types++;
    }
    if (types !== 1)
      throw new PlanFormatError(`plan must specify one of "http", "tcp", or "exec" for check ${q}`);
  }
  for (const [name, target] of plan.logTargets) {
    const q = JSON.stringify(name);
    if (!target.type) {
      throw new PlanFormatError(
        `plan must define "type" ("loki", "opentelemetry" or "syslog") for log target ${q}`,
      );
    }
    for (const entry of target.services ?? []) {
      const service = entry.replace(/^-/, "");
      if (service !== "all" && !plan.services.has(service)) {
        throw new PlanFormatError(`log target ${q} specifies unknown service ${JSON.stringify(service)}`);
      }
    }
    if (!target.location) throw new PlanFormatError(`plan must define "location" for log target ${q}`);
  }
  orderServices(plan.services, [...plan.services.keys()], false);
}

// --- start/stop order ---------------------------------------------------------------------------

/** Services to start for `names` (with what they require), in lanes, each lane in start order. */
export function startOrder(plan: Plan, names: readonly string[]): string[][] {
  return createLanes(orderServices(plan.services, names, false), plan.services);
}

/** Services to stop for `names` (with what depends on them), in lanes, each lane in stop order. */
export function stopOrder(plan: Plan, names: readonly string[]): string[][] {
  return createLanes(orderServices(plan.services, names, true), plan.services);
}

const doesNotExist = (name: string) => new PlanFormatError(`service ${JSON.stringify(name)} does not exist`);

function orderServices(
  services: ReadonlyMap<string, ServiceConfig>,
  names: readonly string[],
  stop: boolean,
): string[] {
  // Who requires whom, reversed when stopping: stopping X also stops what requires X.
  const dependants = new Map<string, string[]>();
  if (stop) {
    for (const [name, service] of services) {
      for (const required of service.requires ?? [])
        dependants.set(required, [...(dependants.get(required) ?? []), name]);
    }
  }
  const involved = new Set<string>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.shift() as string;
    if (involved.has(name)) continue;
    involved.add(name);
    if (stop) pending.push(...(dependants.get(name) ?? []));
    else {
      const service = services.get(name);
      if (!service) throw doesNotExist(name);
      pending.push(...(service.requires ?? []));
    }
  }
  // An edge a -> b means "a goes after b".
  const goesAfter = new Map<string, string[]>();
  for (const name of involved) goesAfter.set(name, []);
  for (const name of [...involved].sort()) {
    const service = services.get(name);
    if (!service) throw doesNotExist(name);
    const [after, before] = stop ? [service.before, service.after] : [service.after, service.before];
    for (const other of after ?? []) if (involved.has(other)) goesAfter.get(name)?.push(other);
    for (const other of before ?? []) if (involved.has(other)) goesAfter.get(other)?.push(name);
  }
  const order: string[] = [];
  for (const component of stronglyConnected(goesAfter)) {
    if (component.length > 1) {
      throw new PlanFormatError(`services in before/after loop: ${component.sort().join(", ")}`);
    }
    order.push(component[0] as string);
  }
  return order;
}

/** Tarjan's algorithm; components come out dependencies first, roots visited in name order. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node) as number, lowLink.get(next) as number));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node) as number, index.get(next) as number));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** Puts services that require each other in one lane; independent services get lanes of their own. */
function createLanes(ordered: readonly string[], services: ReadonlyMap<string, ServiceConfig>): string[][] {
  const laneOf = new Map<string, number>();
  // As in Pebble, a service with no lane yet opens "previous service's lane + 1".
  let previous = -1;
  let maxLane = 0;
  for (const name of ordered) {
    const service = services.get(name);
    if (!service) throw doesNotExist(name);
    const lane =
      laneOf.get(name) ??
      service.requires?.map((r) => laneOf.get(r)).find((l) => l !== undefined) ??
      previous + 1;
    laneOf.set(name, lane);
    for (const required of service.requires ?? []) laneOf.set(required, lane);
    previous = lane;
    maxLane = Math.max(maxLane, lane);
  }
  const lanes: string[][] = Array.from({ length: maxLane + 1 }, () => []);
  for (const name of ordered) lanes[laneOf.get(name) as number]?.push(name);
  return lanes.filter((lane) => lane.length > 0);
}

// --- plan YAML ------------------------------------------------------------------------------------

/** Go yaml.v3 sorts map keys with numbers compared by value ("svc2" before "svc10"). */
export function naturalCompare(a: string, b: string): number {
  const parts = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y) && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => naturalCompare(a, b)));
}

function yamlObject(schema: ObjectSchema, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(schema.fields)) {
    const v = value[field];
    if (v === undefined) {
      if (schema.alwaysEmit?.includes(field)) out[field] = kind === "strings" ? [] : "";
      continue;
    }
    if (kind === "duration") out[field] = formatGoDuration(v as number);
    else if (kind === "stringMap") out[field] = sortedRecord(Object.entries(v as Record<string, string>));
    else if (typeof kind === "object") out[field] = yamlObject(kind, v as Record<string, unknown>);
    else out[field] = v;
  }
  return out;
}

function yamlSection(schema: ObjectSchema, entries: ReadonlyMap<string, object>): Record<string, unknown> {
  return sortedRecord(
    [...entries].map(([name, value]) => [name, yamlObject(schema, value as Record<string, unknown>)]),
  );
}

/** The combined plan as GET /v1/plan?format=yaml returns it (yaml.v3 layout: 4-space indent). */
export function planToYaml(plan: Plan): string {
  const doc: Record<string, unknown> = {};
  if (plan.services.size > 0) doc.services = yamlSection(SERVICE_SCHEMA, plan.services);
  if (plan.checks.size > 0) doc.checks = yamlSection(CHECK_SCHEMA, plan.checks);
  if (plan.logTargets.size > 0) doc["log-targets"] = yamlSection(LOG_TARGET_SCHEMA, plan.logTargets);
  return stringify(doc, { indent: 4, indentSeq: true, lineWidth: 0 });
}

/** A stable identity of a configuration, to tell whether it changed (Pebble compares deeply). */
export function configKey(schema: ObjectSchema, value: object): string {
  return JSON.stringify(yamlObject(schema, value as Record<string, unknown>));
}

export const serviceConfigKey = (service: ServiceConfig): string => configKey(SERVICE_SCHEMA, service);

/** Process settings that exec and exec checks can take from a service (plan.ContextOptions). */
export interface ContextOptions {
  environment: Record<string, string>;
  userId?: number;
  user?: string;
  groupId?: number;
  group?: string;
  workingDir?: string;
}

/**
 * Layers `overrides` over the settings of the service named by `serviceContext` (plan.MergeServiceContext).
 * Throws when that service is not in the plan.
 */
export function mergeServiceContext(
  plan: Plan,
  serviceContext: string | undefined,
  overrides: ContextOptions,
): ContextOptions {
  if (!serviceContext) return overrides;
  const service = plan.services.get(serviceContext);
  if (!service) throw new Error(`context service ${JSON.stringify(serviceContext)} not found`);
  return {
    environment: { ...service.environment, ...overrides.environment },
    userId: overrides.userId ?? service["user-id"],
    user: overrides.user || service.user,
    groupId: overrides.groupId ?? service["group-id"],
    group: overrides.group || service.group,
    workingDir: overrides.workingDir || service["working-dir"],
  };
}
