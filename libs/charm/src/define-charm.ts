import type { z } from "zod";
import type { JujuEvent, JujuEventKind } from "./dispatch/juju-event";
import type { ActionContext } from "./model/action-context";
import type { CharmContext } from "./model/charm-context";
import type { CharmMetadata } from "./model/charm-metadata";

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

/**
 * A reusable piece of charm behaviour (owned secrets, an interface's provider side...): the
 * config refinements, handlers and actions it brings. A charm lists its features; their
 * handlers run before the charm's own, in the order listed.
 */
export interface CharmFeature<C = Record<string, unknown>> {
  /** For logs and errors. */
  name: string;
  config?: Record<string, z.ZodType>;
  on?: EventHandlers<C>;
  // biome-ignore lint/suspicious/noExplicitAny: each action has its own params type
  actions?: Record<string, ActionDefinition<C, any>>;
}

/**
 * A charm: its metadata (the parsed charmcraft.yaml), config refinements, one idempotent
 * `reconcile` that runs on every hook, and dedicated handlers only for events that carry a
 * meaning of their own (secret-rotate, secret-remove, relation-broken, actions...).
 */
export interface CharmDefinition<C = Record<string, unknown>> {
  metadata: CharmMetadata;
  /** Stricter schemas for some options (enums, ranges); the rest follow charmcraft.yaml types. */
  config?: Record<string, z.ZodType>;
  /** Drive the world to the desired state. Runs after any dedicated handler, on every hook but actions, stop and remove. */
  reconcile?(ctx: CharmContext<C>): Promise<void>;
  on?: EventHandlers<C>;
  // biome-ignore lint/suspicious/noExplicitAny: each action has its own params type
  actions?: Record<string, ActionDefinition<C, any>>;
  /** Shared behaviour from libraries; see CharmFeature. */
  features?: CharmFeature<C>[];
}

/** Identity with types: lets the compiler check a charm definition. */
export function defineCharm<C = Record<string, unknown>>(charm: CharmDefinition<C>): CharmDefinition<C> {
  return charm;
}
