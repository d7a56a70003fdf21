import type { z } from "zod";
import type { JujuEvent, JujuEventKind } from "./dispatch/juju-event";
import type { ActionContext } from "./model/action-context";
import type { CharmContext } from "./model/charm-context";
import type { ActionParamsOf, CharmMetadata, ConfigOf } from "./model/charm-metadata";

/** The event type of one kind; variants that share a shape (all relation events) narrow to `kind: K`. */
type Narrow<E, K> = E extends { kind: infer EK }
  ? K extends EK
    ? Omit<E, "kind"> & { kind: K }
    : never
  : never;
export type EventOf<K extends JujuEventKind> = Narrow<JujuEvent, K>;

export type EventHandler<C, K extends JujuEventKind> = (
  ctx: CharmContext<C>,
  event: EventOf<K>,
) => Promise<void>;

export interface ActionDefinition<C, S extends z.ZodType = z.ZodType> {
  /** Validates `action-get` output; Juju already checked it against actions.yaml. */
  params: S;
  run(ctx: CharmContext<C>, action: ActionContext<z.infer<S>>): Promise<void>;
}

/** Dedicated handlers by event kind. */
export type EventHandlers<C> = { [K in JujuEventKind]?: EventHandler<C, K> };

/** Stricter schemas for some options (enums, ranges), keyed by option name. */
export type ConfigRefinements<C> = { [K in keyof C]?: z.ZodType };

/**
 * A reusable piece of charm behaviour (owned secrets, an interface's provider side...): the
 * config refinements, handlers and actions it brings. A charm lists its features; their
 * handlers run before the charm's own, in the order listed. `C` is the config the feature
 * needs: a charm whose charmcraft.yaml lacks one of those options cannot list it.
 */
export interface CharmFeature<C = Record<string, unknown>> {
  /** For logs and errors. */
  name: string;
  config?: ConfigRefinements<C>;
  on?: EventHandlers<C>;
  // biome-ignore lint/suspicious/noExplicitAny: each action has its own params type
  actions?: Record<string, ActionDefinition<C, any>>;
}

/**
 * A charm as dispatch runs it: its metadata (the parsed charmcraft.yaml), config
 * refinements, one idempotent `reconcile` that runs on every hook, and dedicated handlers
 * only for events that carry a meaning of their own (secret-rotate, relation-broken, actions...).
 */
export interface CharmDefinition<C = Record<string, unknown>> {
  metadata: CharmMetadata;
  /** Stricter schemas for some options (enums, ranges); the rest follow charmcraft.yaml types. */
  config?: ConfigRefinements<C>;
  /** Drive the world to the desired state. Runs after any dedicated handler, on every hook but actions, stop and remove. */
  reconcile?(ctx: CharmContext<C>): Promise<void>;
  on?: EventHandlers<C>;
  // biome-ignore lint/suspicious/noExplicitAny: each action has its own params type
  actions?: Record<string, ActionDefinition<C, any>>;
  /** Shared behaviour from libraries; see CharmFeature. */
  features?: CharmFeature<C>[];
}

/** The config charm code sees: charmcraft.yaml's types, narrowed by each refinement's output. */
export type RefinedConfig<C, R> = [keyof R] extends [never] ? C : Narrowed<C, R>;

type Narrowed<C, R> = {
  [K in keyof C]: K extends keyof R
    ? R[K] extends z.ZodType<infer O>
      ? O | (undefined extends C[K] ? undefined : never)
      : C[K]
    : C[K];
};

/** `R`, refusing keys that `C` lacks (a misspelled option is a type error). */
type Only<R, C> = R & { [K in Exclude<keyof R, keyof C>]: never };

/** Actions by name: each declared in charmcraft.yaml, with params that give its declared shape. */
type ActionsFor<C, A> = A extends undefined
  ? // biome-ignore lint/suspicious/noExplicitAny: untyped metadata, each action has its own params type
    Record<string, ActionDefinition<C, any>>
  : { [K in keyof A]?: ActionDefinition<C, z.ZodType<A[K]>> };

/** What `defineCharm` takes: a definition whose types come from charmcraft.yaml's declaration. */
export interface CharmSpec<M extends CharmMetadata, R, C = RefinedConfig<ConfigOf<M>, R>> {
  metadata: M;
  config?: Only<R, ConfigOf<M>>;
  reconcile?(ctx: CharmContext<C>): Promise<void>;
  on?: EventHandlers<C>;
  actions?: Only<ActionsFor<C, ActionParamsOf<M>>, ActionsFor<C, ActionParamsOf<M>>>;
  features?: CharmFeature<C>[];
}

/**
 * Types a charm from its metadata: import charmcraft.yaml (typed by its generated
 * `charmcraft.d.yaml.ts`) and the config, refinements, actions and features are checked
 * against it by the compiler; `npm run build` checks the same at run time. Metadata parsed
 * at run time (a test charm from a YAML string) gets its types from `declareMetadata`.
 */
export function defineCharm<
  M extends CharmMetadata,
  R extends ConfigRefinements<ConfigOf<M>> = Record<never, never>,
>(charm: CharmSpec<M, R>): CharmDefinition<RefinedConfig<ConfigOf<M>, R>>;
// biome-ignore lint/suspicious/noExplicitAny: the implementation behind the typed signature
export function defineCharm(charm: any): CharmDefinition<any> {
  return charm;
}
