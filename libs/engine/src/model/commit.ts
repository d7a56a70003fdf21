import { CommitError } from "./commit-error";
import { applySecretChanges } from "./commit-secrets";
import type { HookChanges, PortChange, RelationSettingsChange } from "./hook-changes";
import { PERMISSION_DENIED } from "./juju-errors";
import { comparePortRanges, samePortRange } from "./ports";
import { remoteUnits } from "./relations";
import { type ModelState, type UnitRecord, unitApp } from "./state";

// CommitHookChanges: applies one hook's buffered changes to a draft of the model state. Any
// CommitError means the controller refused them all; the caller then keeps the old state.

function applyBag(bag: Map<string, string>, writes: ReadonlyMap<string, string | null>): boolean {
  let changed = false;
  for (const [key, value] of writes) {
    if (value === null) changed = bag.delete(key) || changed;
    else if (bag.get(key) !== value) {
      bag.set(key, value);
      changed = true;
    }
  }
  return changed;
}

function applyRelationSettings(state: ModelState, unit: string, change: RelationSettingsChange): void {
  const relation = state.relations.get(change.relationId);
  if (!relation) return; // Gone while the hook ran: nothing left to write to.
  const app = unitApp(unit);
  const notify = (remoteUnit?: string) => {
    for (const receiver of remoteUnits(state, relation, unit)) {
      state.notifications.push({
        kind: "relation-changed",
        relationId: relation.id,
        unit: receiver,
        ...(remoteUnit ? { remoteUnit } : {}),
        remoteApp: app,
      });
    }
  };
  if (change.unit && change.unit.size > 0) {
    const bag = relation.unitData.get(unit) ?? new Map<string, string>();
    relation.unitData.set(unit, bag);
    if (applyBag(bag, change.unit)) notify(unit);
  }
  if (change.app && change.app.size > 0) {
    if (state.apps.get(app)?.leader !== unit) throw new CommitError(PERMISSION_DENIED);
    const bag = relation.appData.get(app) ?? new Map<string, string>();
    relation.appData.set(app, bag);
    if (applyBag(bag, change.app)) notify();
  }
}

function applyPorts(state: ModelState, unit: UnitRecord, open: PortChange[], close: PortChange[]): void {
  const meta = state.apps.get(unit.app)?.meta;
  // Endpoint bindings: the charm's relation endpoints and extra-bindings.
  const known = new Set([...Object.keys(meta?.endpoints ?? {}), ...(meta?.extraBindings ?? [])]);
  for (const { endpoint } of [...open, ...close]) {
    if (endpoint !== "" && !known.has(endpoint)) {
      throw new CommitError(
        `open port range: endpoint ${JSON.stringify(endpoint)} for unit ${JSON.stringify(unit.name)} not found`,
      );
    }
  }
  for (const { endpoint, range } of open) {
    const ranges = unit.openedPorts.get(endpoint) ?? [];
    if (!ranges.some((r) => samePortRange(r, range))) ranges.push(range);
    unit.openedPorts.set(endpoint, ranges.sort(comparePortRanges));
  }
  for (const { endpoint, range } of close) {
    const ranges = (unit.openedPorts.get(endpoint) ?? []).filter((r) => !samePortRange(r, range));
    if (ranges.length === 0) unit.openedPorts.delete(endpoint);
    else unit.openedPorts.set(endpoint, ranges);
  }
}

/** Applies `changes` made by `unit` to `state` (a draft), or throws CommitError. */
export function applyHookChanges(state: ModelState, unitName: string, changes: HookChanges, now: Date): void {
  const unit = state.units.get(unitName);
  if (!unit) throw new CommitError(`unit ${JSON.stringify(unitName)} not found`);
  for (const change of changes.relationSettings) applyRelationSettings(state, unitName, change);
  applyPorts(state, unit, changes.openPorts, changes.closePorts);
  if (changes.charmState) unit.state = new Map(changes.charmState);
  for (const add of changes.storageAdds) {
    state.notifications.push({ kind: "storage-add", unit: unitName, storage: add.storage, count: add.count });
  }
  applySecretChanges(state, unitName, changes, now);
}
