import type { RelationSettingsChange } from "../model/hook-changes";

type Writes = Map<string, string | null>;

/**
 * relation-set writes held until commit: per relation, the unit bag and the app bag. An empty
 * value deletes. Reads of the unit's own bags overlay these on the committed data.
 */
export class RelationBuffer {
  readonly #unit = new Map<number, Writes>();
  readonly #app = new Map<number, Writes>();

  set(relationId: number, app: boolean, settings: ReadonlyMap<string, string>): void {
    const all = app ? this.#app : this.#unit;
    const writes = all.get(relationId) ?? new Map<string, string | null>();
    for (const [key, value] of settings) writes.set(key, value === "" ? null : value);
    all.set(relationId, writes);
  }

  /** The committed bag with this hook's writes applied. */
  overlay(
    relationId: number,
    app: boolean,
    committed: ReadonlyMap<string, string> | undefined,
  ): Record<string, string> {
    const bag = new Map(committed ?? []);
    for (const [key, value] of (app ? this.#app : this.#unit).get(relationId) ?? []) {
      if (value === null) bag.delete(key);
      else bag.set(key, value);
    }
    return Object.fromEntries(bag);
  }

  changes(): RelationSettingsChange[] {
    const ids = new Set([...this.#unit.keys(), ...this.#app.keys()]);
    return [...ids].map((relationId) => {
      const unit = this.#unit.get(relationId);
      const app = this.#app.get(relationId);
      return { relationId, ...(unit ? { unit } : {}), ...(app ? { app } : {}) };
    });
  }
}
