import type { ApiContext } from "./api-context";
import { appStatus, openedPorts, unitWorkloadStatus } from "./model-status";
import { SERVER_VERSION, time } from "./wire-format";

// The entities an AllWatcher reports (juju rpc/params/multiwatcher.go), keyed by kind and id.

export interface WatchedEntity {
  kind: string;
  entity: Record<string, unknown>;
  /** The entity's JSON: a change is a different text. */
  text: string;
}

const status = (s: { status: string; message: string; since: Date }, version = "") => ({
  current: s.status,
  message: s.message,
  since: time(s.since),
  version,
});

/** Every entity now, by `kind:id`. */
export function currentEntities(ctx: ApiContext): Map<string, WatchedEntity> {
  const model = ctx.host.model;
  const uuid = ctx.modelUuid;
  const out = new Map<string, WatchedEntity>();
  const put = (kind: string, id: string, entity: Record<string, unknown>) =>
    out.set(`${kind}:${id}`, { kind, entity, text: JSON.stringify(entity) });

  put("model", uuid, {
    "model-uuid": uuid,
    name: ctx.modelName,
    life: "alive",
    owner: "admin",
    "controller-uuid": ctx.host.controllerUuid,
    "is-controller": false,
    config: {},
    status: { current: "available", message: "", since: time(undefined), version: "" },
    constraints: {},
    sla: { level: "unsupported", owner: "" },
    type: "caas",
    "cloud-tag": "cloud-embedded",
    "cloud-region": "default",
    version: SERVER_VERSION,
  });
  const charms = new Set<string>();
  for (const app of model.state.apps.values()) {
    const charmUrl = ctx.charmUrl(app.name);
    charms.add(charmUrl);
    put("application", app.name, {
      "model-uuid": uuid,
      name: app.name,
      exposed: false,
      "charm-url": charmUrl,
      "owner-tag": "",
      life: "alive",
      "min-units": 0,
      constraints: {},
      config: Object.fromEntries(app.config),
      subordinate: false,
      status: status(appStatus(ctx, app)),
      "workload-version": app.version,
    });
    for (const unitName of model.units(app.name)) {
      const unit = model.unit(unitName);
      const ports = openedPorts(unit);
      put("unit", unitName, {
        "model-uuid": uuid,
        name: unitName,
        application: app.name,
        base: "ubuntu@22.04",
        "charm-url": charmUrl,
        life: "alive",
        "public-address": "",
        "private-address": unit.address,
        "machine-id": "",
        ports: [],
        "port-ranges": ports.map((p) => ({ "from-port": p.from, "to-port": p.to, protocol: p.protocol })),
        principal: "",
        subordinate: false,
        "workload-status": status(unitWorkloadStatus(ctx, unitName)),
        "agent-status": status(ctx.agentStatus(unitName), SERVER_VERSION),
      });
    }
  }
  for (const url of charms) {
    put("charm", url, { "model-uuid": uuid, "charm-url": url, "charm-version": "", life: "alive" });
  }
  for (const relation of model.state.relations.values()) {
    put("relation", String(relation.id), {
      "model-uuid": uuid,
      key: relation.key,
      id: relation.id,
      endpoints: relation.endpoints.map((ep) => {
        const meta = model.state.apps.get(ep.app)?.meta.endpoints[ep.endpoint];
        return {
          "application-name": ep.app,
          relation: {
            name: ep.endpoint,
            role: ep.role,
            interface: ep.interface,
            optional: meta?.optional ?? false,
            limit: meta?.limit ?? 0,
            scope: "global",
          },
        };
      }),
    });
  }
  return out;
}
