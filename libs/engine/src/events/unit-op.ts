import type { HookEnv } from "../hook-context/hook-env";
import type { HookEvent } from "../unit-process/juju-env";
import type { PebbleEvent } from "./pebble-event";

/** An action waiting for its unit (`juju run`), params already checked and defaulted. */
export interface QueuedAction {
  id: string;
  name: string;
  params: Record<string, unknown>;
}

/** What a hook means to the unit agent's bookkeeping once it has run. */
export type OpEffect =
  | { kind: "install" | "start" | "stop" | "remove" | "update-status" }
  /** Pod churn: stop on the old pod, then upgrade-charm on the new one (contract §8 item 21). */
  | { kind: "pod-stop" | "upgrade-charm" }
  | { kind: "config-changed"; hash: string }
  | { kind: "leadership"; leader: boolean; epoch: number }
  | { kind: "relation-created"; relationId: number; endpoint: string; remoteApp: string; peer: boolean }
  | { kind: "relation-broken"; relationId: number }
  | { kind: "relation-joined" | "relation-departed"; relationId: number; unit: string }
  /** `unit` undefined: the remote application's databag changed. */
  | { kind: "relation-changed"; relationId: number; unit?: string }
  | { kind: "storage-attached" | "storage-detaching"; storageId: string }
  | { kind: "pebble"; event: PebbleEvent }
  | { kind: "secret-changed"; xid: string }
  | { kind: "secret-rotate"; xid: string }
  | { kind: "secret-expired"; xid: string; revision: number }
  | { kind: "secret-remove"; xid: string; revision: number }
  | { kind: "action"; action: QueuedAction };

/** Agent bookkeeping that runs no hook. */
export type Bookkeeping =
  /** The unit leaves a relation's scope without relation-broken (peers never get it). */
  | { kind: "leave-scope"; relationId: number }
  /** A unit that never installed is removed without hooks. */
  | { kind: "remove-unit" };

/** The next thing a unit agent does: run a hook (or action), or update its own records. */
export type UnitOp =
  | { kind: "hook"; env: HookEnv; effect: OpEffect }
  | { kind: "bookkeeping"; effect: Bookkeeping };

export type HookOp = Extract<UnitOp, { kind: "hook" }>;

export const hookOp = (env: HookEnv, effect: OpEffect): HookOp => ({ kind: "hook", env, effect });

/** A simple hook with no per-event variables. */
export const plainHook = (kind: "install" | "start" | "stop" | "remove" | "update-status"): HookOp =>
  hookOp({ hook: kind }, { kind });

export function actionOp(action: QueuedAction): HookOp {
  return hookOp({ hook: "", action: { ...action } }, { kind: "action", action });
}

/** How logs and the hook log name it: the hook name, or `<action>-action` as ops does. */
export function opName(op: HookOp): string {
  return op.env.action ? `${op.env.action.name}-action` : op.env.hook;
}

/** What the runner starts: a hook by name or an action with its task id. */
export function hookEvent(op: HookOp): HookEvent {
  const action = op.env.action;
  return action ? { kind: "action", name: action.name, id: action.id } : { kind: "hook", name: op.env.hook };
}
