import type { HookRecord } from "@charmarr/engine";

export interface HookLoopOptions {
  /** One settle: run every hook due now. */
  settle: () => Promise<HookRecord[]>;
  /** After each settle (whether hooks ran or it failed). */
  afterSettle: (ran: HookRecord[]) => Promise<void> | void;
  /** A settle that threw (a charm that never settles...): told, and the loop carries on. */
  onError: (error: unknown) => void;
  /** Settles also run on this period, so real-time schedules fire. Default 1 s. */
  intervalMs?: number;
}

/**
 * The controller's hook loop: `kick()` schedules a settle; settles also run on a timer; never two
 * at once (a kick during a settle runs another one right after); a failure never stops it.
 */
export class HookLoop {
  readonly #options: HookLoopOptions;
  #running: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: HookLoopOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setInterval(() => this.kick(), this.#options.intervalMs ?? 1000);
    this.#timer.unref();
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#run();
  }

  /** Kicks, and resolves once the loop has nothing left to run (no kick pending). */
  async idle(): Promise<void> {
    this.kick();
    while (this.#running) await this.#running;
  }

  /** No more settles; waits for the one running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      do {
        this.#again = false;
        let ran: HookRecord[] = [];
        try {
          ran = await this.#options.settle();
        } catch (error) {
          this.#options.onError(error);
        }
        try {
          await this.#options.afterSettle(ran);
        } catch (error) {
          this.#options.onError(error);
        }
      } while (this.#again && !this.#stopped);
    } finally {
      this.#running = undefined;
    }
  }
}
