/**
 * The model's time source. Rotation schedules, expiry, status timestamps and log records all
 * read it, so a test can step a month in one call. The shape matches the Pebble server's Clock,
 * so one ManualClock can drive both.
 */
export interface ModelClock {
  now(): Date;
  /** Calls `callback` after `ms` of this clock's time; returns a function that cancels it. */
  schedule(ms: number, callback: () => void): () => void;
}

export const systemClock: ModelClock = {
  now: () => new Date(),
  schedule(ms, callback) {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock that only moves when told to; timers fire in order as it passes them. */
export class ManualClock implements ModelClock {
  #now: number;
  #timers: Timer[] = [];
  #seq = 0;

  constructor(start: Date | string = "2025-01-01T00:00:00Z") {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    this.set(new Date(this.#now + ms));
  }

  /** Jumps to `date` (never backwards), firing due timers in time order. */
  set(date: Date | string): void {
    const target = new Date(date).getTime();
    if (target < this.#now) throw new Error("ManualClock cannot go backwards");
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = target;
  }
}
