import type { Clock } from "./clock";

export interface LogEntry {
  time: Date;
  service: string;
  /** One line of output, without its newline. */
  message: string;
}

export type LogListener = (entry: LogEntry) => void;

const MAX_LOG_BYTES = 100 * 1024;

/**
 * A service's stdout and stderr as timestamped lines, kept across restarts up to a byte budget
 * (Pebble's per-service ring buffer).
 */
export class ServiceLogBuffer {
  private readonly entries: LogEntry[] = [];
  private bytes = 0;
  private partial = "";
  private readonly listeners = new Set<LogListener>();

  constructor(
    readonly service: string,
    private readonly clock: Clock,
    private readonly maxBytes = MAX_LOG_BYTES,
  ) {}

  write(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.push(line);
  }

  /** Ends a half-written last line (the process exited). */
  flush(): void {
    if (this.partial) this.push(this.partial);
    this.partial = "";
  }

  /** The last `n` entries (all when n < 0). */
  last(n: number): LogEntry[] {
    return n < 0 ? [...this.entries] : this.entries.slice(Math.max(0, this.entries.length - n));
  }

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The task-log form of recent output (servicelog.LastLines): up to `n` lines, indented, with a
   * "(...)" first line when there was more.
   */
  lastLines(n: number, indent: string): string {
    const all = [...this.entries.map((e) => e.message), ...(this.partial ? [this.partial] : [])];
    const lines = all.slice(Math.max(0, all.length - n - 1));
    if (lines.length > n) lines[0] = "(...)";
    return lines.map((line) => indent + line).join("\n");
  }

  private push(message: string): void {
    const entry = { time: this.clock.now(), service: this.service, message };
    this.entries.push(entry);
    this.bytes += message.length + 1;
    while (this.bytes > this.maxBytes && this.entries.length > 1) {
      const dropped = this.entries.shift() as LogEntry;
      this.bytes -= dropped.message.length + 1;
    }
    for (const listener of this.listeners) listener(entry);
  }
}
