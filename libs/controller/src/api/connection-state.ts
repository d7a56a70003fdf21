import type { Endpoint } from "./facade";

/** A watcher that lives as long as its connection. */
export interface ConnectionWatcher {
  stop(): void;
}

/** One websocket connection: where it came in, whether it logged in, its watchers. */
export class ConnectionState {
  loggedIn = false;
  closed = false;
  /** Set by a refused login: the socket closes once the error is sent. */
  closeAfterReply = false;
  readonly watchers = new Map<string, ConnectionWatcher>();
  #nextWatcher = 1;

  constructor(
    readonly endpoint: Endpoint,
    readonly remote: string,
  ) {}

  addWatcher(watcher: ConnectionWatcher): string {
    const id = String(this.#nextWatcher++);
    this.watchers.set(id, watcher);
    return id;
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.stop();
  }
}
