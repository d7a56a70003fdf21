import { appendFileSync, closeSync, openSync } from "node:fs";
import type { LogRecord } from "@charmarr/engine";

/**
 * The model's log (juju-log records and hook output, as `juju debug-log` shows them), appended
 * to a 0600 file under controller/logs: one line per record, as Juju's log lines read.
 */
export class ModelLogFile {
  #written = 0;

  constructor(readonly file: string) {
    closeSync(openSync(file, "a", 0o600));
  }

  /** Appends the records not written yet (the model's log only grows). */
  flush(records: readonly LogRecord[]): void {
    if (records.length <= this.#written) return;
    const lines = records
      .slice(this.#written)
      .map(
        (r) =>
          `${r.unit}: ${r.time.toISOString()} ${r.level} ${r.module} ${r.message.replaceAll("\n", "\\n")}\n`,
      );
    appendFileSync(this.file, lines.join(""), { mode: 0o600 });
    this.#written = records.length;
  }
}
