import type { AppRecord, RelationRecord, StatusInfo, UnitRecord } from "@charmarr/engine";
import type { ApiContext } from "./api-context";
import { type DetailedStatus, detailedStatus, SERVER_VERSION, time } from "./wire-format";

// What `juju status` shows, from the engine's records: Client.FullStatus (spec §3.5).

const SEVERITY = ["error", "blocked", "maintenance", "waiting", "active", "unknown", "terminated"];

/** `7878/tcp`, `8000-8010/udp`, `icmp`. */
export function formatPort(range: { from: number; to: number; protocol: string }): string {
  if (range.protocol === "icmp") return "icmp";
  return range.from === range.to
    ? `${range.from}/${range.protocol}`
    : `${range.from}-${range.to}/${range.protocol}`;
}

export function openedPorts(unit: UnitRecord): { from: number; to: number; protocol: string }[] {
  const seen = new Map<string, { from: number; to: number; protocol: string }>();
  for (const ranges of unit.openedPorts.values()) for (const r of ranges) seen.set(formatPort(r), r);
  return [...seen.values()];
}

/** A unit's workload status as shown: a hook error wins. */
export function unitWorkloadStatus(ctx: ApiContext, unit: string): StatusInfo {
  const view = ctx.host.agents.unitStatus(unit);
  if (view.agent.status === "error")
    return { ...view.workload, status: "error", message: view.agent.message };
  return view.workload;
}

/** The application's status: its own when the leader set one, else the worst of its units'. */
export function appStatus(ctx: ApiContext, app: AppRecord): StatusInfo {
  const units = ctx.host.model.units(app.name).map((u) => unitWorkloadStatus(ctx, u));
  const errored = units.find((s) => s.status === "error");
  if (errored) return errored;
  if (app.status.status !== "unknown" || units.length === 0) return app.status;
  return [...units].sort((a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status))[0] ?? app.status;
}

const ds = (s: StatusInfo, extra: Partial<DetailedStatus> = {}): DetailedStatus =>
  detailedStatus(s.status, s.message, s.since, { data: { ...s.data }, ...extra });

/** Status data key naming how an app's workload runs here: "real", "stand-in" or "none". */
export const WORKLOAD_KIND_KEY = "charmarr-workload";

const withWorkloadKind = (status: DetailedStatus, kind: string): DetailedStatus => ({
  ...status,
  data: { ...status.data, [WORKLOAD_KIND_KEY]: kind },
});

export function endpointBindings(app: AppRecord): Record<string, string> {
  const bindings: Record<string, string> = { "": "alpha" };
  for (const name of [...Object.keys(app.meta.endpoints), ...app.meta.extraBindings])
    bindings[name] = "alpha";
  return bindings;
}

function matches(patterns: string[], app: string, units: string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => p === app || units.includes(p) || p === `${app}/*`);
}

export function fullStatus(ctx: ApiContext, patterns: string[]): Record<string, unknown> {
  const model = ctx.host.model;
  const applications: Record<string, unknown> = {};
  const shownApps = new Set<string>();
  for (const app of model.state.apps.values()) {
    const units = model.units(app.name);
    if (!matches(patterns, app.name, units)) continue;
    shownApps.add(app.name);
    const charmUrl = ctx.charmUrl(app.name);
    const relations: Record<string, string[]> = {};
    for (const relation of model.relations(app.name)) {
      for (const ep of relation.endpoints.filter((e) => e.app === app.name)) {
        const others = relation.endpoints.filter((e) => e !== ep).map((e) => e.app);
        const list = relations[ep.endpoint] ?? [];
        for (const other of others.length === 0 ? [app.name] : others)
          if (!list.includes(other)) list.push(other);
        relations[ep.endpoint] = list.sort();
      }
    }
    const unitStatuses: Record<string, unknown> = {};
    for (const unitName of units) {
      const unit = model.unit(unitName);
      const agent = ctx.agentStatus(unitName);
      unitStatuses[unitName] = {
        "workload-status": ds(unitWorkloadStatus(ctx, unitName)),
        "agent-status": detailedStatus(agent.status, agent.message, agent.since, { version: SERVER_VERSION }),
        leader: app.leader === unitName,
        address: unit.address,
        "public-address": "",
        "opened-ports": openedPorts(unit).map(formatPort),
        "provider-id": unitName.replace("/", "-"),
        machine: "",
        charm: "",
        subordinates: {},
        "workload-version": unit.workloadVersion,
      };
    }
    applications[app.name] = {
      charm: charmUrl,
      "charm-rev": revisionOf(charmUrl),
      "charm-channel": "",
      "charm-version": "",
      "charm-profile": "",
      base: { name: "ubuntu", channel: "22.04" },
      "can-upgrade-to": "",
      exposed: false,
      life: "",
      int: units.length,
      "provider-id": "",
      "public-address": "",
      "workload-version": app.version,
      relations,
      "subordinate-to": [],
      "endpoint-bindings": endpointBindings(app),
      // The embedded controller's own addition: whether the workload is the real app or a
      // stand-in server (docs/controller.md). Juju's clients ignore unknown status data.
      status: withWorkloadKind(ds(appStatus(ctx, app)), ctx.host.workloadKind(app.name)),
      units: unitStatuses,
    };
  }
  const relations = [...model.state.relations.values()]
    .filter((r) => r.endpoints.some((e) => shownApps.has(e.app)))
    .map((r) => relationStatus(r));
  return {
    model: {
      name: ctx.modelName,
      type: "caas",
      "cloud-tag": "cloud-embedded",
      region: "default",
      version: SERVER_VERSION,
      "available-version": "",
      "model-status": detailedStatus("available", "", undefined),
      "meter-status": { color: "", message: "" },
      sla: "unsupported",
    },
    "controller-timestamp": time(model.now()),
    machines: {},
    applications,
    "remote-applications": {},
    offers: {},
    relations,
    branches: {},
  };
}

export function relationStatus(r: RelationRecord): Record<string, unknown> {
  const scope = "global";
  return {
    id: r.id,
    key: r.key,
    interface: r.endpoints[0]?.interface ?? "",
    scope,
    status: detailedStatus(r.life === "alive" ? "joined" : "broken", "", r.createdAt),
    endpoints: r.endpoints
      .map((e) => ({ application: e.app, name: e.endpoint, role: e.role, subordinate: false }))
      .sort((a, b) => a.application.localeCompare(b.application)),
  };
}

export function revisionOf(charmUrl: string): number {
  const match = /-(\d+)$/.exec(charmUrl);
  return match ? Number(match[1]) : 0;
}
