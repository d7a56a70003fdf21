import { currentEntities, type WatchedEntity } from "./all-watcher-entities";
import type { ApiContext } from "./api-context";
import { ApiError } from "./api-error";
import type { ConnectionWatcher } from "./connection-state";

export type Delta = [kind: string, change: "change" | "remove", entity: Record<string, unknown>];

/**
 * One AllWatcher: the first Next answers every entity, later ones block until something
 * differs from what was sent, then answer the differences. Stop (or the connection closing)
 * makes any pending and later Next fail with code `stopped`.
 */
export class AllWatcher implements ConnectionWatcher {
  #sent = new Map<string, WatchedEntity>();
  #stopped = false;
  #wake: (() => void) | undefined;
  #dirty = true;
  readonly #unsubscribe: () => void;

  constructor(readonly ctx: ApiContext) {
    this.#unsubscribe = ctx.changes.on(() => {
      this.#dirty = true;
      this.#wake?.();
    });
  }

  async next(): Promise<Delta[]> {
    for (;;) {
      if (this.#stopped) throw new ApiError("watcher was stopped", "stopped");
      if (this.#dirty) {
        this.#dirty = false;
        const deltas = this.#diff();
        if (deltas.length > 0) return deltas;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    this.#wake?.();
  }

  #diff(): Delta[] {
    const now = currentEntities(this.ctx);
    const deltas: Delta[] = [];
    for (const [key, entity] of now) {
      if (this.#sent.get(key)?.text !== entity.text) deltas.push([entity.kind, "change", entity.entity]);
    }
    for (const [key, entity] of this.#sent) {
      if (!now.has(key)) deltas.push([entity.kind, "remove", entity.entity]);
    }
    this.#sent = now;
    return deltas;
  }
}
