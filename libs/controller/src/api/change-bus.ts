import type { ModelChange, ModelHost } from "../model-host";

/**
 * What wakes the AllWatchers: the host's changes (hooks that ran) and the operator changes this
 * API makes itself. Listeners are called synchronously; they only note that something changed.
 */
export class ChangeBus {
  readonly #listeners = new Set<(change: ModelChange) => void>();
  readonly #unsubscribe: () => void;

  constructor(host: ModelHost) {
    this.#unsubscribe = host.onChange((change) => this.emit(change));
  }

  emit(change: ModelChange): void {
    for (const listener of [...this.#listeners]) listener(change);
  }

  on(listener: (change: ModelChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }
}
