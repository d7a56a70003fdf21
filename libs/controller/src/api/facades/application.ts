import { parse as parseYaml } from "yaml";
import type { ApiContext } from "../api-context";
import { ApiError, errorItem } from "../api-error";
import { bulkResults } from "../bulk-results";
import type { Facade } from "../facade";
import { endpointBindings } from "../model-status";
import type { ResourceRecord } from "../pending-resources";
import { arrayOf, recordOf, stringOf, tagName, unitFromTag, unitTag } from "../wire-format";

// Application v19-v22 (the method sets this API needs are the same in all four).

/** `local:radarr-0`, `local:jammy/radarr-0`, `local:amd64/jammy/radarr-0` → `local:radarr-0`. */
export function normalizeCharmUrl(url: string): string {
  const match = /^local:(?:[^/]+\/)*([a-z0-9-]+-\d+)$/.exec(url);
  return match ? `local:${match[1]}` : url;
}

/** Bulk results over items that are records (Deploy's applications, SetConfigs' Args...). */
function eachRecord(
  items: unknown[],
  run: (item: Record<string, unknown>) => unknown,
): { results: unknown[] } {
  return { results: bulkResults(items, (item) => run(recordOf(item))) };
}

/** The config values of a SetConfigs/Deploy item: `config` strings, `config-yaml` (`{app: {k: v}}`) winning. */
function configValues(app: string, item: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...recordOf(item.config) };
  const yamlText = stringOf(item["config-yaml"]);
  if (yamlText.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = parseYaml(yamlText);
    } catch {
      throw new ApiError("config-yaml is not valid YAML", "not valid");
    }
    Object.assign(values, recordOf(recordOf(parsed)[app]));
  }
  return values;
}

function parseTrust(value: unknown): boolean {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ApiError(`trust: expected a boolean, got ${JSON.stringify(value)}`, "not valid");
}

function deployOne(ctx: ApiContext, item: Record<string, unknown>): void {
  const app = stringOf(item.application);
  if (ctx.host.model.state.apps.has(app))
    throw new ApiError(`application ${JSON.stringify(app)} already exists`, "already exists");
  const url = normalizeCharmUrl(stringOf(item["charm-url"]));
  const charm = ctx.host.charm(url);
  if (!charm) throw new ApiError(`charm ${JSON.stringify(url)} not found`, "not found");
  const config = configValues(app, item);
  let trust: boolean | undefined;
  if ("trust" in config) {
    trust = parseTrust(config.trust);
    delete config.trust;
  }
  for (const name of Object.keys(config)) {
    if (!charm.meta.config[name]) throw new ApiError(`unknown option ${JSON.stringify(name)}`, "not valid");
  }
  const requested = recordOf(item.resources);
  for (const [name, spec] of Object.entries(charm.meta.resources)) {
    if (spec.type === "oci-image" && !(name in requested))
      throw new ApiError(`resource ${JSON.stringify(name)} of ${JSON.stringify(app)} not given`, "not valid");
  }
  const resources: Record<string, ResourceRecord> = {};
  for (const [name, pendingId] of Object.entries(requested)) {
    if (!charm.meta.resources[name])
      throw new ApiError(`charm has no resource ${JSON.stringify(name)}`, "not valid");
    const pending = ctx.pendingResources.get(stringOf(pendingId));
    if (!pending?.record || pending.app !== app || pending.name !== name)
      throw new ApiError(`pending resource ${JSON.stringify(name)} not found`, "not found");
  }
  for (const [name, pendingId] of Object.entries(requested))
    resources[name] = ctx.pendingResources.consume(stringOf(pendingId), app, name);
  const units = typeof item["num-units"] === "number" ? item["num-units"] : 1;
  ctx.host.deploy(app, url, {
    units,
    ...(Object.keys(config).length > 0 ? { config } : {}),
    ...(trust === undefined ? {} : { trust }),
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
  });
  ctx.appCharms.set(app, url);
}

/** `radarr` or `radarr:media-indexer`. */
function parseEndpoint(text: string): { app: string; endpoint?: string } {
  const [app = "", endpoint] = text.split(":");
  return endpoint === undefined ? { app } : { app, endpoint };
}

function findRelationId(ctx: ApiContext, params: Record<string, unknown>): number {
  const model = ctx.host.model;
  if (typeof params["relation-id"] === "number" && arrayOf(params.endpoints).length === 0) {
    const id = params["relation-id"];
    if (!model.state.relations.has(id)) throw new ApiError(`relation ${id} not found`, "not found");
    return id;
  }
  const wanted = arrayOf(params.endpoints).map((e) => parseEndpoint(stringOf(e)));
  if (wanted.length < 1 || wanted.length > 2)
    throw new ApiError("a relation needs one or two endpoints", "not valid");
  const found = [...model.state.relations.values()].filter(
    (r) =>
      r.life === "alive" &&
      r.endpoints.length === wanted.length &&
      wanted.every((w) =>
        r.endpoints.some(
          (ep) => ep.app === w.app && (w.endpoint === undefined || ep.endpoint === w.endpoint),
        ),
      ) &&
      (wanted.length === 1 || wanted[0]?.app !== wanted[1]?.app),
  );
  const names = wanted.map((w) => (w.endpoint ? `${w.app}:${w.endpoint}` : w.app)).join(" ");
  if (found.length === 0) throw new ApiError(`relation "${names}" not found`, "not found");
  if (found.length > 1) throw new ApiError(`ambiguous relation: "${names}"`, "not valid");
  return found[0]!.id;
}

function configView(ctx: ApiContext, appName: string): Record<string, unknown> {
  const app = ctx.host.model.app(appName);
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(app.meta.config)) {
    const set = app.config.get(name);
    const entry: Record<string, unknown> = { type: option.type, description: option.description ?? "" };
    if (option.default !== undefined) entry.default = option.default;
    if (set !== undefined) {
      entry.value = set;
      entry.source = "user";
    } else if (option.default !== undefined) {
      entry.value = option.default;
      entry.source = "default";
    } else entry.source = "unset";
    out[name] = entry;
  }
  return out;
}

export const applicationFacade: Facade = {
  name: "Application",
  versions: [19, 20, 21, 22],
  endpoints: ["model"],
  methods: {
    Deploy({ ctx, params }) {
      const result = eachRecord(arrayOf(params.applications), (item) => deployOne(ctx, item));
      ctx.operatorChanged("application", "unit", "charm", "relation");
      return result;
    },

    AddRelation({ ctx, params }) {
      const endpoints = arrayOf(params.endpoints).map(stringOf);
      if (endpoints.length !== 2) throw new ApiError("a relation needs two endpoints", "not valid");
      for (const ep of endpoints) ctx.application(parseEndpoint(ep).app);
      let relation: ReturnType<ApiContext["host"]["model"]["integrate"]>;
      try {
        relation = ctx.host.model.integrate(endpoints[0]!, endpoints[1]!);
      } catch (err) {
        const { message, code } = errorItem(err);
        throw new ApiError(message, code === "already exists" ? "already exists" : "not valid");
      }
      ctx.operatorChanged("relation");
      const out: Record<string, unknown> = {};
      for (const ep of relation.endpoints) {
        const meta = ctx.host.model.app(ep.app).meta.endpoints[ep.endpoint];
        out[ep.app] = {
          name: ep.endpoint,
          role: ep.role,
          interface: ep.interface,
          optional: meta?.optional ?? false,
          limit: meta?.limit ?? 0,
          scope: "global",
        };
      }
      return { endpoints: out };
    },

    DestroyRelation({ ctx, params }) {
      ctx.host.model.removeRelation(findRelationId(ctx, params));
      ctx.operatorChanged("relation");
      return {};
    },

    Get({ ctx, params }) {
      const appName = stringOf(params.application);
      ctx.application(appName);
      const app = ctx.host.model.app(appName);
      return {
        application: appName,
        charm: app.meta.name,
        channel: "",
        base: { name: "ubuntu", channel: "22.04" },
        constraints: {},
        config: configView(ctx, appName),
        "application-config": {
          trust: {
            type: "bool",
            description: "Does this application have access to trusted credentials",
            default: false,
            value: app.trusted,
            source: app.trusted ? "user" : "default",
          },
        },
        "endpoint-bindings": endpointBindings(app),
      };
    },

    SetConfigs({ ctx, params }) {
      const result = eachRecord(arrayOf(params.Args), (item) => {
        const app = stringOf(item.application);
        ctx.application(app);
        const values = configValues(app, item);
        let trust: boolean | undefined;
        if ("trust" in values) {
          trust = parseTrust(values.trust);
          delete values.trust;
        }
        try {
          ctx.host.model.setConfig(app, values);
        } catch (err) {
          throw new ApiError(errorItem(err).message, "not valid");
        }
        if (trust !== undefined) ctx.host.model.setTrust(app, trust);
      });
      ctx.operatorChanged("application");
      return result;
    },

    UnsetApplicationsConfig({ ctx, params }) {
      const result = eachRecord(arrayOf(params.Args), (item) => {
        const app = stringOf(item.application);
        ctx.application(app);
        const options = arrayOf(item.options).map(stringOf);
        if (options.includes("trust")) ctx.host.model.setTrust(app, false);
        const reset = Object.fromEntries(options.filter((o) => o !== "trust").map((o) => [o, null]));
        try {
          ctx.host.model.setConfig(app, reset);
        } catch (err) {
          throw new ApiError(errorItem(err).message, "not valid");
        }
      });
      ctx.operatorChanged("application");
      return result;
    },

    DestroyApplication({ ctx, params }) {
      const result = eachRecord(arrayOf(params.applications), (item) => {
        const app = tagName(stringOf(item["application-tag"]), "application");
        ctx.application(app);
        const units = ctx.host.model.units(app);
        if (item["dry-run"] !== true) ctx.host.agents.removeApplication(app);
        return {
          info: {
            "destroyed-units": units.map((u) => ({ tag: unitTag(u) })),
            "destroyed-storage": [],
            "detached-storage": [],
          },
        };
      });
      ctx.operatorChanged("application", "unit", "relation");
      return result;
    },

    DestroyUnit({ ctx, params }) {
      const result = eachRecord(arrayOf(params.units), (item) => {
        const unit = unitFromTag(stringOf(item["unit-tag"]));
        if (!ctx.host.model.state.units.has(unit))
          throw new ApiError(`unit ${JSON.stringify(unit)} not found`, "not found");
        if (item["dry-run"] !== true) ctx.host.agents.removeUnit(unit);
        return { info: { "destroyed-storage": [], "detached-storage": [] } };
      });
      ctx.operatorChanged("unit");
      return result;
    },

    ScaleApplications({ ctx, params }) {
      const result = eachRecord(arrayOf(params.applications), (item) => {
        const app = tagName(stringOf(item["application-tag"]), "application");
        ctx.application(app);
        const units = ctx.host.model.units(app);
        const change = typeof item["scale-change"] === "number" ? item["scale-change"] : 0;
        const scale = change !== 0 ? units.length + change : typeof item.scale === "number" ? item.scale : -1;
        if (!Number.isInteger(scale) || scale < 0)
          throw new ApiError(`scale must be a non-negative integer, got ${scale}`, "not valid");
        for (let n = units.length; n < scale; n++) ctx.host.model.addUnit(app);
        // The newest units go first, as Kubernetes scales a StatefulSet down.
        for (const unit of units.slice(scale).reverse()) ctx.host.agents.removeUnit(unit);
        return { info: { "num-units": scale } };
      });
      ctx.operatorChanged("application", "unit");
      return result;
    },
  },
};
