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
  on?: { [K in JujuEventKind]?: EventHandler<C, K> };
  // biome-ignore lint/suspicious/noExplicitAny: each action has its own params type
  actions?: Record<string, ActionDefinition<C, any>>;
}

/** Identity with types: lets the compiler check a charm definition. */
export function defineCharm<C = Record<string, unknown>>(charm: CharmDefinition<C>): CharmDefinition<C> {
  return charm;
}
