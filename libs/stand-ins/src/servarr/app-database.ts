import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// The apps keep what is configured through their API (download clients, applications, root
// folders, the login and other host settings) in a SQLite database in their data directory
// (radarr.db, sonarr.db, prowlarr.db): it survives a restart and a new pod, as config.xml does.
// The stand-in keeps the same tables as JSON in `<data>/<kind>.db`. Like the apps' database it
// holds providers' keys and passwords in clear, so it is written 0600 (tests declare it as a
// credential file).

export interface DatabaseTable<T> {
  /** What was saved last, undefined if nothing was. */
  load(): T | undefined;
  save(value: T): void;
}

export class AppDatabase {
  private readonly tables: Record<string, unknown>;

  /** `file` undefined: in memory only. An unreadable file is started afresh, as a new install. */
  constructor(readonly file: string | undefined) {
    this.tables = {};
    if (file && existsSync(file)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
        if (typeof parsed === "object" && parsed !== null) Object.assign(this.tables, parsed);
      } catch {
        // A torn or foreign file: the app would refuse it; the stand-in starts empty instead.
      }
    }
  }

  table<T>(name: string): DatabaseTable<T> {
    return {
      load: () => this.tables[name] as T | undefined,
      save: (value) => {
        this.tables[name] = value;
        this.write();
      },
    };
  }

  private write(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    // As the real apps (SQLite) do: the file takes the mode the process umask gives it, so the
    // mode is the charm's to guarantee (it starts the app with umask 077).
    writeFileSync(temp, `${JSON.stringify(this.tables)}\n`);
    renameSync(temp, this.file);
  }
}
