/**
 * The parts of a unified `charmcraft.yaml` the framework reads. The whole file is imported
 * at build time (see the YAML loader in scripts/), so nothing is parsed at hook time.
 */
export type ConfigOptionType = "string" | "int" | "float" | "boolean" | "secret";

export interface ConfigOption {
  type: ConfigOptionType;
  default?: string | number | boolean;
  description?: string;
}

export interface ActionSpec {
  description?: string;
  params?: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
}

export interface RelationSpec {
  interface: string;
  limit?: number;
  optional?: boolean;
}

export interface ContainerSpec {
  resource?: string;
  mounts?: { storage: string; location: string }[];
}

export interface CharmMetadata {
  name: string;
  title?: string;
  summary?: string;
  description?: string;
  config?: { options?: Record<string, ConfigOption> };
  actions?: Record<string, ActionSpec>;
  containers?: Record<string, ContainerSpec>;
  resources?: Record<string, { type: string; description?: string; "upstream-source"?: string }>;
  storage?: Record<string, { type: string; location?: string; description?: string }>;
  requires?: Record<string, RelationSpec>;
  provides?: Record<string, RelationSpec>;
  peers?: Record<string, RelationSpec>;
  [key: string]: unknown;
}

/**
 * The types a charm's generated declaration (`charmcraft.d.yaml.ts`, written from
 * charmcraft.yaml by `npm run charm-types`) attaches to its metadata: the options as
 * `config-get` gives them, and each action's params. Types only; nothing at run time.
 */
export interface TypedCharmMetadata<C, A> extends CharmMetadata {
  readonly "~types"?: { config: C; actions: A };
}

/** The config type charmcraft.yaml declares; a loose record for untyped metadata. */
export type ConfigOf<M> = M extends { readonly "~types"?: { config: infer C } } ? C : Record<string, unknown>;

/** Each action's params as charmcraft.yaml declares them; undefined for untyped metadata. */
export type ActionParamsOf<M> = M extends { readonly "~types"?: { actions: infer A } } ? A : undefined;

/**
 * Metadata parsed at run time (a test charm's YAML string), declared to have options `C`, as a
 * generated `charmcraft.d.yaml.ts` declares a charmcraft.yaml's. Actions stay untyped.
 */
export function declareMetadata<C>(metadata: CharmMetadata): TypedCharmMetadata<C, undefined> {
  return metadata;
}
