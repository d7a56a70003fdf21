import type { HookEnv } from "../hook-context/hook-env";
import { type HookOp, hookOp, type OpEffect, type UnitOp } from "./unit-op";
import { sortUnits } from "./unit-order";

type RelationHookKind = "created" | "joined" | "changed" | "departed" | "broken";

/** Where the unit stands in one relation, as its agent decides the next relation hook. */
export interface RelationSituation {
  /** The unit is dying or the relation is: depart from every member, then break. */
  leaving: boolean;
  /** This unit itself is going (not just a remote one): JUJU_DEPARTING_UNIT names it. */
  selfDeparting: boolean;
  /** Joined/changed wait for start (contract §2.2). */
  started: boolean;
  /** Remote units in the relation's scope now. */
  remote: readonly string[];
}

/**
 * What one unit has seen of one relation (the uniter's relation state): which remote units it
 * ran relation-joined for and whose data changed since. Created with relation-created; gone
 * after relation-broken (or, for peers, after the last departed of a leaving unit).
 */
export class LocalRelation {
  /** Remote units this unit has run relation-joined for. */
  readonly members = new Set<string>();
  /** Joined remote units whose data changed since this unit last ran relation-changed for them. */
  readonly changed = new Set<string>();
  /** The remote application's databag changed. */
  appChanged = false;
  /** relation-changed for this unit comes before any other hook of the relation (contract §8 item 18). */
  changedAfterJoin: string | undefined;

  constructor(
    readonly id: number,
    readonly unit: string,
    /** Kept from creation, so the relation's hooks can be named after it has gone. */
    readonly endpoint: string,
    readonly remoteApp: string,
    readonly peer: boolean,
  ) {}

  hook(kind: RelationHookKind, extra: Pick<HookEnv, "remoteUnit" | "departingUnit"> = {}): HookEnv {
    return {
      hook: `${this.endpoint}-relation-${kind}`,
      relationId: this.id,
      remoteApp: this.remoteApp,
      ...extra,
    };
  }

  /** relation-created, before the unit has any local state for the relation. */
  static createdOp(id: number, endpoint: string, remoteApp: string, peer: boolean): HookOp {
    return hookOp(
      { hook: `${endpoint}-relation-created`, relationId: id, remoteApp },
      { kind: "relation-created", relationId: id, endpoint, remoteApp, peer },
    );
  }

  /** The next relation hook for this unit, in the uniter's order; undefined when up to date. */
  nextOp(situation: RelationSituation): UnitOp | undefined {
    const { id } = this;
    if (this.changedAfterJoin && !situation.leaving) return this.#changed(this.changedAfterJoin);
    if (situation.leaving) {
      const [member] = sortUnits(this.members);
      if (member !== undefined) return this.#departed(member, situation.selfDeparting ? this.unit : member);
      // Peer relations never get relation-broken (contract §8 item 19).
      if (this.peer) return { kind: "bookkeeping", effect: { kind: "leave-scope", relationId: id } };
      return hookOp(this.hook("broken"), { kind: "relation-broken", relationId: id });
    }
    const remote = new Set(situation.remote);
    const [gone] = sortUnits([...this.members].filter((u) => !remote.has(u)));
    if (gone !== undefined) return this.#departed(gone, gone);
    if (!situation.started) return undefined;
    const [joining] = sortUnits(situation.remote.filter((u) => !this.members.has(u)));
    if (joining !== undefined) {
      return hookOp(this.hook("joined", { remoteUnit: joining }), {
        kind: "relation-joined",
        relationId: id,
        unit: joining,
      });
    }
    const [changed] = sortUnits(this.changed);
    if (changed !== undefined) return this.#changed(changed);
    if (this.appChanged) return hookOp(this.hook("changed"), { kind: "relation-changed", relationId: id });
    return undefined;
  }

  #changed(unit: string): HookOp {
    return hookOp(this.hook("changed", { remoteUnit: unit }), {
      kind: "relation-changed",
      relationId: this.id,
      unit,
    });
  }

  #departed(unit: string, departing: string): HookOp {
    return hookOp(this.hook("departed", { remoteUnit: unit, departingUnit: departing }), {
      kind: "relation-departed",
      relationId: this.id,
      unit,
    });
  }

  /** Records a relation hook that ran. */
  completed(effect: OpEffect): void {
    switch (effect.kind) {
      case "relation-joined":
        this.members.add(effect.unit);
        this.changed.delete(effect.unit);
        this.changedAfterJoin = effect.unit;
        return;
      case "relation-changed":
        if (effect.unit === undefined) {
          this.appChanged = false;
          return;
        }
        this.changed.delete(effect.unit);
        if (this.changedAfterJoin === effect.unit) this.changedAfterJoin = undefined;
        return;
      case "relation-departed":
        this.members.delete(effect.unit);
        this.changed.delete(effect.unit);
        if (this.changedAfterJoin === effect.unit) this.changedAfterJoin = undefined;
        return;
      default:
        return;
    }
  }

  /** A remote change the model reported: owed a relation-changed once the unit has seen it join. */
  dataChanged(remoteUnit: string | undefined): void {
    if (remoteUnit === undefined) this.appChanged = true;
    else if (this.members.has(remoteUnit)) this.changed.add(remoteUnit);
  }

  /** relation-list's answer in this unit's hooks: the joined units, less the one departing now. */
  listed(op: HookOp): string[] {
    const departing =
      op.effect.kind === "relation-departed" && op.effect.relationId === this.id ? op.effect.unit : undefined;
    return sortUnits([...this.members].filter((u) => u !== departing));
  }
}
