import type { HookTools } from "../hook-tools";

/**
 * The running action: its parsed params, results collected and sent with one action-set,
 * and failure. `fail` does not stop the charm: other changes still commit (contract §8.47).
 */
export class ActionContext<P> {
  readonly #results: Record<string, unknown> = {};
  #failure: string | undefined;

  constructor(
    readonly name: string,
    readonly id: string,
    readonly params: P,
    readonly tools: HookTools,
  ) {}

  /** Merge values into the action's results (nested objects become dotted keys). */
  setResults(results: Record<string, unknown>): void {
    Object.assign(this.#results, results);
  }

  fail(message: string): void {
    this.#failure = message;
  }

  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /** Progress shown live in `juju run` (immediate, not buffered). */
  log(message: string): Promise<void> {
    return this.tools.actionLog(message);
  }

  /** Sends the collected results and failure; called once by dispatch at the end. */
  async finish(): Promise<void> {
    if (Object.keys(this.#results).length > 0) await this.tools.actionSet(this.#results);
    if (this.#failure !== undefined) await this.tools.actionFail(this.#failure);
  }
}
