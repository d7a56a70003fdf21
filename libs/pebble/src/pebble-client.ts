/**
 * The Pebble client a charm uses: one per workload container, talking to
 * `/charm/containers/<name>/pebble.socket`. Each method is a thin delegation to the module
 * that owns that part of the API; this class only binds them to one transport.
 */
import {
  abortChange,
  type Change,
  type ChangeSelect,
  getChange,
  getChanges,
  type WaitChangeOptions,
  waitChange,
} from "./changes";
import { type CheckInfo, checksAction, getChecks } from "./checks";
import { requestSync } from "./envelope";
import { type ExecOptions, type ExecResult, exec, execOrThrow } from "./exec";
import {
  type FileInfo,
  type ListFilesOptions,
  listFiles,
  type MakeDirOptions,
  makeDir,
  type PushOptions,
  pull,
  pullBytes,
  push,
  removePath,
  stat,
} from "./files-api";
import type { CheckLevel, Layer } from "./layer";
import {
  type GetNoticesOptions,
  getNotice,
  getNotices,
  type Notice,
  type NotifyOptions,
  notify,
} from "./notices";
import { PebbleApiError, PebbleConnectionError, TimeoutError } from "./pebble-errors";
import { type AddLayerOptions, addLayer, getPlanYaml } from "./plan";
import { getServices, type ServiceInfo, sendSignal, serviceAction } from "./services";
import { UnixSocketTransport } from "./unix-socket-transport";
import { WireReader } from "./wire-reader";

export interface SystemInfo {
  version: string;
  bootId?: string;
  httpAddress?: string;
  httpsAddress?: string;
}

export interface PebbleClientOptions {
  /** Idle time-out per request in ms (default 5 s, as ops). Long polls add their wait to it. */
  timeoutMs?: number;
}

/** The socket Juju gives the charm container for a workload container. */
export function containerSocketPath(containerName: string): string {
  return `/charm/containers/${containerName}/pebble.socket`;
}

export class PebbleClient {
  readonly #transport: UnixSocketTransport;

  constructor(socketPath: string, options: PebbleClientOptions = {}) {
    this.#transport = new UnixSocketTransport(socketPath, options.timeoutMs);
  }

  get socketPath(): string {
    return this.#transport.socketPath;
  }

  /** Release pooled connections. Not needed in a hook (idle sockets never hold the process). */
  close(): void {
    this.#transport.close();
  }

  // ---- system ---------------------------------------------------------------------------

  async systemInfo(): Promise<SystemInfo> {
    const reader = new WireReader(
      await requestSync(this.#transport, "GET", "/v1/system-info"),
      "system-info",
    );
    return {
      version: reader.string("version"),
      bootId: reader.optionalString("boot-id"),
      httpAddress: reader.optionalString("http-address"),
      httpsAddress: reader.optionalString("https-address"),
    };
  }

  /** Whether Pebble answers at all (ops' `can_connect`): false on connection, API or time-out errors. */
  async canConnect(): Promise<boolean> {
    try {
      await this.systemInfo();
      return true;
    } catch (error) {
      if (
        error instanceof PebbleConnectionError ||
        error instanceof PebbleApiError ||
        error instanceof TimeoutError
      ) {
        return false;
      }
      throw error;
    }
  }

  // ---- layers and plan ------------------------------------------------------------------

  /** The combined plan as YAML text: `parsePlan` (from `@charmarr/pebble/layer-yaml`) reads it. */
  getPlanYaml(): Promise<string> {
    return getPlanYaml(this.#transport);
  }

  /** Add a layer (object or YAML text). Nothing starts until replan. */
  addLayer(label: string, layer: Layer | string, options?: AddLayerOptions): Promise<void> {
    return addLayer(this.#transport, label, layer, options);
  }

  // ---- services -------------------------------------------------------------------------

  getServices(names?: readonly string[]): Promise<ServiceInfo[]> {
    return getServices(this.#transport, names);
  }

  /** Restart services whose config changed and start every `startup: enabled` one. */
  replan(options?: WaitChangeOptions): Promise<Change> {
    return serviceAction(this.#transport, "replan", [], options);
  }

  autostart(options?: WaitChangeOptions): Promise<Change> {
    return serviceAction(this.#transport, "autostart", [], options);
  }

  startServices(names: readonly string[], options?: WaitChangeOptions): Promise<Change> {
    return serviceAction(this.#transport, "start", names, options);
  }

  stopServices(names: readonly string[], options?: WaitChangeOptions): Promise<Change> {
    return serviceAction(this.#transport, "stop", names, options);
  }

  restartServices(names: readonly string[], options?: WaitChangeOptions): Promise<Change> {
    return serviceAction(this.#transport, "restart", names, options);
  }

  /** Send a signal such as `SIGHUP` to the named services. */
  sendSignal(signal: string, names: readonly string[]): Promise<void> {
    return sendSignal(this.#transport, signal, names);
  }

  // ---- changes --------------------------------------------------------------------------

  getChanges(options?: { select?: ChangeSelect; service?: string }): Promise<Change[]> {
    return getChanges(this.#transport, options);
  }

  getChange(id: string): Promise<Change> {
    return getChange(this.#transport, id);
  }

  /** Wait until the change is ready (TimeoutError past the deadline). Does not throw on `err`. */
  waitChange(id: string, options?: WaitChangeOptions): Promise<Change> {
    return waitChange(this.#transport, id, options);
  }

  abortChange(id: string): Promise<Change> {
    return abortChange(this.#transport, id);
  }

  // ---- files ----------------------------------------------------------------------------

  push(path: string, content: string | Uint8Array, options?: PushOptions): Promise<void> {
    return push(this.#transport, path, content, options);
  }

  /** A file's contents as UTF-8 text. */
  pull(path: string): Promise<string> {
    return pull(this.#transport, path);
  }

  pullBytes(path: string): Promise<Buffer> {
    return pullBytes(this.#transport, path);
  }

  listFiles(path: string, options?: ListFilesOptions): Promise<FileInfo[]> {
    return listFiles(this.#transport, path, options);
  }

  /** The entry for `path` itself (owner, mode, type), or undefined when there is none. */
  stat(path: string): Promise<FileInfo | undefined> {
    return stat(this.#transport, path);
  }

  async exists(path: string): Promise<boolean> {
    return (await stat(this.#transport, path)) !== undefined;
  }

  async isDir(path: string): Promise<boolean> {
    return (await stat(this.#transport, path))?.type === "directory";
  }

  makeDir(path: string, options?: MakeDirOptions): Promise<void> {
    return makeDir(this.#transport, path, options);
  }

  removePath(path: string, options?: { recursive?: boolean }): Promise<void> {
    return removePath(this.#transport, path, options);
  }

  // ---- exec -----------------------------------------------------------------------------

  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return exec(this.#transport, command, options);
  }

  execOrThrow(command: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return execOrThrow(this.#transport, command, options);
  }

  // ---- checks ---------------------------------------------------------------------------

  getChecks(options?: { level?: CheckLevel; names?: readonly string[] }): Promise<CheckInfo[]> {
    return getChecks(this.#transport, options);
  }

  /** Returns the names that actually changed state. */
  startChecks(names: readonly string[]): Promise<string[]> {
    return checksAction(this.#transport, "start", names);
  }

  stopChecks(names: readonly string[]): Promise<string[]> {
    return checksAction(this.#transport, "stop", names);
  }

  // ---- notices --------------------------------------------------------------------------

  /** Record a custom notice (key like `example.com/thing`); returns its id. */
  notify(key: string, options?: NotifyOptions): Promise<string> {
    return notify(this.#transport, key, options);
  }

  getNotices(options?: GetNoticesOptions): Promise<Notice[]> {
    return getNotices(this.#transport, options);
  }

  getNotice(id: string): Promise<Notice> {
    return getNotice(this.#transport, id);
  }
}
