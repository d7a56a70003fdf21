import type { EndpointMeta, RelationRole } from "./charm-meta";
import { type ModelState, type RelationEndpointRef, type RelationRecord, unitApp } from "./state";

export class RelationError extends Error {}

const ROLE_ORDER: Record<RelationRole, number> = { requirer: 0, provider: 1, peer: 2 };
const endpointText = (ep: RelationEndpointRef): string => `${ep.app}:${ep.endpoint}`;

/** Juju's relation key: endpoints sorted requirer, provider, peer, then by name. */
export function relationKey(endpoints: readonly RelationEndpointRef[]): string {
  return [...endpoints]
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (endpointText(a) < endpointText(b) ? -1 : 1))
    .map(endpointText)
    .join(" ");
}

/** `relation-<key>` with `:` as `.` and spaces as `#` (names.RelationTag). */
export const relationTag = (key: string): string =>
  `relation-${key.replaceAll(":", ".").replaceAll(" ", "#")}`;

/** The endpoint `app` takes part in the relation through. */
export function localEndpoint(relation: RelationRecord, app: string): RelationEndpointRef | undefined {
  return relation.endpoints.find((ep) => ep.app === app);
}

/** The application at the other end (the same app for a peer relation). */
export function otherApp(relation: RelationRecord, app: string): string {
  return relation.endpoints.find((ep) => ep.app !== app)?.app ?? app;
}

export const isPeer = (relation: RelationRecord): boolean => relation.endpoints.length === 1;

/** Live units of `app` (sorted by number). */
export function unitsOf(state: ModelState, app: string): string[] {
  return [...state.units.values()]
    .filter((u) => u.app === app)
    .sort((a, b) => a.number - b.number)
    .map((u) => u.name);
}

/** The remote units `unit` sees in the relation: the other app's units, or its peers. */
export function remoteUnits(state: ModelState, relation: RelationRecord, unit: string): string[] {
  const app = unitApp(unit);
  return unitsOf(state, otherApp(relation, app)).filter((u) => u !== unit);
}

/** Relations `app` takes part in. */
export function relationsOf(state: ModelState, app: string): RelationRecord[] {
  return [...state.relations.values()].filter((r) => localEndpoint(r, app) !== undefined);
}

interface EndpointSpec {
  app: string;
  endpoint?: string;
}

function parseEndpointSpec(text: string): EndpointSpec {
  const colon = text.indexOf(":");
  return colon < 0 ? { app: text } : { app: text.slice(0, colon), endpoint: text.slice(colon + 1) };
}

const ref = (app: string, ep: EndpointMeta): RelationEndpointRef => ({
  app,
  endpoint: ep.name,
  role: ep.role,
  interface: ep.interface,
});

/** Resolves `juju integrate a[:ep] b[:ep]` to one endpoint pair, with Juju's errors. */
export function inferEndpoints(
  state: ModelState,
  a: string,
  b: string,
): [RelationEndpointRef, RelationEndpointRef] {
  const specs = [parseEndpointSpec(a), parseEndpointSpec(b)] as const;
  const candidates = specs.map((spec) => {
    const app = state.apps.get(spec.app);
    if (!app) throw new RelationError(`application ${JSON.stringify(spec.app)} not found`);
    return Object.values(app.meta.endpoints)
      .filter((ep) => ep.role !== "peer" && (spec.endpoint === undefined || ep.name === spec.endpoint))
      .map((ep) => ref(spec.app, ep));
  });
  const matches: [RelationEndpointRef, RelationEndpointRef][] = [];
  for (const x of candidates[0] ?? []) {
    for (const y of candidates[1] ?? []) {
      const complementary =
        (x.role === "provider" && y.role === "requirer") || (x.role === "requirer" && y.role === "provider");
      if (complementary && x.interface === y.interface) matches.push([x, y]);
    }
  }
  const [only, ...more] = matches;
  if (!only) throw new RelationError("no relations found");
  if (more.length > 0) {
    const options = matches.map(([x, y]) => `"${endpointText(x)} ${endpointText(y)}"`).join("; ");
    throw new RelationError(`ambiguous relation: "${a} ${b}" could refer to ${options}`);
  }
  return only;
}

/** Throws if adding a relation on `ep` would exceed its charm-declared limit. */
export function checkRelationLimit(state: ModelState, ep: RelationEndpointRef): void {
  const limit = state.apps.get(ep.app)?.meta.endpoints[ep.endpoint]?.limit;
  if (limit === undefined) return;
  const existing = relationsOf(state, ep.app).filter(
    (r) => localEndpoint(r, ep.app)?.endpoint === ep.endpoint,
  );
  if (existing.length >= limit) {
    throw new RelationError(
      `establishing a new relation for ${endpointText(ep)} would exceed its maximum relation limit of ${limit}`,
    );
  }
}

/** The settings Juju puts in a unit's bag when it enters a relation's scope. */
export function scopeSettings(address: string): Map<string, string> {
  return new Map([
    ["egress-subnets", `${address}/32`],
    ["ingress-address", address],
    ["private-address", address],
  ]);
}
