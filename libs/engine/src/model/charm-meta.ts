import { parse } from "yaml";

// What the engine needs from a unified charmcraft.yaml (or metadata.yaml + config.yaml merged).

export type ConfigOptionType = "string" | "int" | "float" | "boolean" | "secret";
export type ConfigValue = string | number | boolean;

export interface ConfigOptionMeta {
  type: ConfigOptionType;
  default?: ConfigValue;
  description?: string;
}

export interface ActionMeta {
  description?: string;
  params: Record<string, Record<string, unknown>>;
  required: string[];
  additionalProperties: boolean;
}

export type RelationRole = "provider" | "requirer" | "peer";

export interface EndpointMeta {
  name: string;
  role: RelationRole;
  interface: string;
  limit?: number;
  optional: boolean;
}

export interface StorageMeta {
  type: "filesystem" | "block";
  location?: string;
}

export interface ResourceMeta {
  type: "oci-image" | "file";
  filename?: string;
  description?: string;
  upstreamSource?: string;
}

export interface ContainerMeta {
  resource?: string;
  mounts: { storage: string; location?: string }[];
}

export interface CharmMeta {
  name: string;
  config: Record<string, ConfigOptionMeta>;
  actions: Record<string, ActionMeta>;
  endpoints: Record<string, EndpointMeta>;
  extraBindings: string[];
  storage: Record<string, StorageMeta>;
  resources: Record<string, ResourceMeta>;
  containers: Record<string, ContainerMeta>;
}

export class CharmMetaError extends Error {}

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function record(value: unknown, where: string): Raw {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new CharmMetaError(`${where} must be a mapping`);
  return value;
}

const CONFIG_TYPES = new Set<ConfigOptionType>(["string", "int", "float", "boolean", "secret"]);

function parseConfig(raw: unknown): Record<string, ConfigOptionMeta> {
  const options = record(record(raw, "config").options, "config.options");
  const out: Record<string, ConfigOptionMeta> = {};
  for (const [name, spec] of Object.entries(options)) {
    const option = record(spec, `config option ${name}`);
    const type = option.type ?? "string";
    if (typeof type !== "string" || !CONFIG_TYPES.has(type as ConfigOptionType)) {
      throw new CharmMetaError(`config option ${name} has unknown type ${JSON.stringify(type)}`);
    }
    const parsed: ConfigOptionMeta = { type: type as ConfigOptionType };
    const def = option.default;
    if (typeof def === "string" || typeof def === "number" || typeof def === "boolean") parsed.default = def;
    if (typeof option.description === "string") parsed.description = option.description;
    out[name] = parsed;
  }
  return out;
}

function parseActions(raw: unknown): Record<string, ActionMeta> {
  const out: Record<string, ActionMeta> = {};
  for (const [name, spec] of Object.entries(record(raw, "actions"))) {
    const action = record(spec, `action ${name}`);
    const params: Record<string, Record<string, unknown>> = {};
    for (const [param, schema] of Object.entries(record(action.params, `action ${name} params`))) {
      params[param] = record(schema, `action ${name} param ${param}`);
    }
    out[name] = {
      params,
      required: Array.isArray(action.required) ? action.required.map(String) : [],
      additionalProperties: action.additionalProperties !== false,
      ...(typeof action.description === "string" ? { description: action.description } : {}),
    };
  }
  return out;
}

function parseEndpoints(raw: Raw): Record<string, EndpointMeta> {
  const out: Record<string, EndpointMeta> = {};
  const roles: [string, RelationRole][] = [
    ["provides", "provider"],
    ["requires", "requirer"],
    ["peers", "peer"],
  ];
  for (const [key, role] of roles) {
    for (const [name, spec] of Object.entries(record(raw[key], key))) {
      if (out[name]) throw new CharmMetaError(`endpoint ${name} is declared twice`);
      // metadata.yaml allows the short form `endpoint: interface-name`.
      const endpoint = typeof spec === "string" ? { interface: spec } : record(spec, `${key}.${name}`);
      if (typeof endpoint.interface !== "string")
        throw new CharmMetaError(`${key}.${name} needs an interface`);
      out[name] = {
        name,
        role,
        interface: endpoint.interface,
        optional: endpoint.optional === true,
        ...(typeof endpoint.limit === "number" ? { limit: endpoint.limit } : {}),
      };
    }
  }
  // Juju gives every charm an implicit `juju-info` provider endpoint (network-get juju-info works).
  out["juju-info"] ??= { name: "juju-info", role: "provider", interface: "juju-info", optional: true };
  return out;
}

function parseStorage(raw: unknown): Record<string, StorageMeta> {
  const out: Record<string, StorageMeta> = {};
  for (const [name, spec] of Object.entries(record(raw, "storage"))) {
    const storage = record(spec, `storage ${name}`);
    const type = storage.type === "block" ? "block" : "filesystem";
    out[name] = { type, ...(typeof storage.location === "string" ? { location: storage.location } : {}) };
  }
  return out;
}

function parseResources(raw: unknown): Record<string, ResourceMeta> {
  const out: Record<string, ResourceMeta> = {};
  for (const [name, spec] of Object.entries(record(raw, "resources"))) {
    const resource = record(spec, `resource ${name}`);
    out[name] = {
      type: resource.type === "file" ? "file" : "oci-image",
      ...(typeof resource.filename === "string" ? { filename: resource.filename } : {}),
      ...(typeof resource.description === "string" ? { description: resource.description } : {}),
      ...(typeof resource["upstream-source"] === "string"
        ? { upstreamSource: resource["upstream-source"] }
        : {}),
    };
  }
  return out;
}

function parseContainers(raw: unknown): Record<string, ContainerMeta> {
  const out: Record<string, ContainerMeta> = {};
  for (const [name, spec] of Object.entries(record(raw, "containers"))) {
    const container = record(spec, `container ${name}`);
    const mounts = Array.isArray(container.mounts) ? container.mounts : [];
    out[name] = {
      ...(typeof container.resource === "string" ? { resource: container.resource } : {}),
      mounts: mounts.map((m) => {
        const mount = record(m, `container ${name} mount`);
        return {
          storage: String(mount.storage),
          ...(typeof mount.location === "string" ? { location: mount.location } : {}),
        };
      }),
    };
  }
  return out;
}

/** Parses a unified charmcraft.yaml (text or already-parsed object) into CharmMeta. */
export function parseCharmMeta(source: string | Raw): CharmMeta {
  const raw = typeof source === "string" ? parse(source) : source;
  if (!isRecord(raw)) throw new CharmMetaError("charmcraft.yaml must be a mapping");
  if (typeof raw.name !== "string" || raw.name === "")
    throw new CharmMetaError("charmcraft.yaml needs a name");
  const extra = record(raw["extra-bindings"], "extra-bindings");
  return {
    name: raw.name,
    config: parseConfig(raw.config),
    actions: parseActions(raw.actions),
    endpoints: parseEndpoints(raw),
    extraBindings: Object.keys(extra),
    storage: parseStorage(raw.storage),
    resources: parseResources(raw.resources),
    containers: parseContainers(raw.containers),
  };
}
