// A logged-in connection to a Juju controller or model on jujulib, made safe for a command line:
// every call has a timeout, a closed socket fails every pending call at once, the per-item errors
// of bulk calls become errors, and jujulib's console noise on a failed connect stays quiet.
import { type Connection, connectAndLogin } from "@canonical/jujulib";
import Action from "@canonical/jujulib/dist/api/facades/action/index.js";
import AllWatcher from "@canonical/jujulib/dist/api/facades/all-watcher/index.js";
import Application from "@canonical/jujulib/dist/api/facades/application/index.js";
import Client from "@canonical/jujulib/dist/api/facades/client/index.js";
import ModelManager from "@canonical/jujulib/dist/api/facades/model-manager/index.js";
import Pinger from "@canonical/jujulib/dist/api/facades/pinger/index.js";
import Resources from "@canonical/jujulib/dist/api/facades/resources/index.js";
import Secrets from "@canonical/jujulib/dist/api/facades/secrets/index.js";
import { ApiError, CliError, TimeoutError } from "./errors";
import { jujuWsClass } from "./juju-ws";

/** Juju 3.x controllers refuse most calls from a 4.x client (jujulib's default). */
export const CLIENT_VERSION = "3.6.0";

export const FACADES = [Application, Client, AllWatcher, Action, Secrets, Resources, Pinger, ModelManager];

export interface LoginTarget {
  /** Full websocket URL: `ws://127.0.0.1:1234/model/<uuid>/api` or `wss://host:17070/api`. */
  url: string;
  user: string;
  password: string;
  caPem?: string;
  timeoutMs: number;
  /** What to tell the operator when nothing listens there. */
  refusedHint: string;
}

interface Pending {
  reject: (err: Error) => void;
}

type Facade = { NAME: string; VERSION: number };

export interface CallOptions {
  /** Overrides the session's timeout; `Infinity` only for calls that block by design (watchers). */
  timeoutMs?: number;
  /** Watcher id, sent at the top level. */
  id?: string;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Why a websocket could not open, as one line with what to do. */
export function connectFailure(
  err: Error | undefined,
  target: Pick<LoginTarget, "url" | "refusedHint">,
): CliError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "";
  const where = new URL(target.url).host;
  if (code === "ECONNREFUSED" || code === "ENOENT" || code === "ECONNRESET")
    return new CliError(
      `cannot reach the controller at ${where} (nothing listens there): ${target.refusedHint}`,
    );
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return new CliError(`cannot resolve the controller's host ${where}: check --controller`);
  if (/certificate|self.signed|SSL|TLS/i.test(`${code} ${err?.message ?? ""}`))
    return new CliError(
      `TLS to ${where} failed (${err?.message}): pass the controller's CA with --ca-cert (juju show-controller --show-password has it)`,
    );
  if (/Unexpected server response: (\d+)/.test(err?.message ?? ""))
    return new CliError(
      `the controller at ${where} refused the websocket (${err?.message}): check --controller and --model`,
    );
  return new CliError(
    `cannot connect to the controller at ${where}${err?.message ? ` (${err.message})` : ""}: ${target.refusedHint}`,
  );
}

/** One line for a login refusal. */
function loginFailure(err: Error, target: LoginTarget): CliError {
  const msg = err.message;
  if (/invalid entity name or password|granted permission to a model|unauthorized/i.test(msg))
    return new CliError(
      `login as ${target.user} refused: wrong user or password (check --user and --password-file, or the controller's controller.json)`,
    );
  if (/login' permission|permission denied/i.test(msg))
    return new CliError(
      `user ${target.user} may not log in to this controller: ask its admin for login access`,
    );
  if (/incompatible client/i.test(msg))
    return new CliError(`the controller refuses client version ${CLIENT_VERSION}: it needs Juju 3.x`);
  return new CliError(`login failed: ${msg}`);
}

export class JujuSession {
  private readonly pending = new Set<Pending>();
  private closedError: Error | undefined;
  private pinger: NodeJS.Timeout | undefined;

  private constructor(
    private readonly conn: Connection,
    private readonly logout: () => void,
    readonly timeoutMs: number,
    readonly url: string,
  ) {}

  /** Connect, log in and pick facades; fails within `timeoutMs` with one clear line. */
  static async open(target: LoginTarget): Promise<JujuSession> {
    let socketError: Error | undefined;
    let session: JujuSession | undefined;
    let failLogin: ((err: Error) => void) | undefined;
    let socket: WebSocket | undefined;
    const closeCallback = (code: number) => {
      const err = new CliError(
        `the connection to the controller closed (code ${code})${session ? "" : " during login"}: ` +
          "is it still running? (charmarr status; charmarr up starts the embedded one)",
      );
      if (session) session.failAll(err);
      else failLogin?.(err);
    };
    const options = {
      wsclass: jujuWsClass({
        ...(target.caPem ? { caPem: target.caPem } : {}),
        onError: (err) => {
          socketError = err;
        },
      }),
      facades: FACADES,
      closeCallback,
      // Replace jujulib's onerror, which prints the raw event: the error is classified instead.
      onWSCreated: (ws: WebSocket) => {
        socket = ws;
        ws.onerror = () => {};
      },
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await new Promise<Awaited<ReturnType<typeof connectAndLogin>>>((resolve, reject) => {
        failLogin = reject;
        timer = setTimeout(
          () =>
            reject(
              new TimeoutError(`connecting and logging in to ${new URL(target.url).host}`, target.timeoutMs),
            ),
          target.timeoutMs,
        );
        connectAndLogin(
          target.url,
          options as unknown as Parameters<typeof connectAndLogin>[1],
          { username: target.user, password: target.password },
          CLIENT_VERSION,
        ).then(resolve, (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          if (e.message.startsWith("cannot connect WebSocket")) reject(connectFailure(socketError, target));
          else reject(loginFailure(e, target));
        });
      });
      if (!result.conn)
        throw new CliError("login gave no connection: the controller asked for a macaroon discharge");
      session = new JujuSession(result.conn, result.logout, target.timeoutMs, target.url);
      return session;
    } catch (err) {
      // A login that failed or never answered leaves no socket behind to keep the process alive.
      try {
        socket?.close();
      } catch {
        // already closed
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The facade version chosen at login, or undefined when the controller offers none jujulib knows. */
  facadeVersion(name: string): number | undefined {
    const facade = this.conn.facades[lowerFirst(name)] as Facade | undefined;
    return facade?.VERSION;
  }

  /** One API call with a timeout; fails at once when the connection closes. */
  call<T>(facadeName: string, method: string, params: unknown, options: CallOptions = {}): Promise<T> {
    const what = `${facadeName}.${method}`;
    if (this.closedError) return Promise.reject(this.closedError);
    const version = this.facadeVersion(facadeName);
    if (version === undefined)
      return Promise.reject(
        new CliError(
          `the controller offers no ${facadeName} facade this client can use (calling ${what}): it needs Juju 3.6`,
        ),
      );
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const entry: Pending = {
        reject: (err) => {
          clearTimeout(timer);
          this.pending.delete(entry);
          reject(err);
        },
      };
      this.pending.add(entry);
      if (Number.isFinite(timeoutMs))
        timer = setTimeout(() => entry.reject(new TimeoutError(what, timeoutMs)), timeoutMs);
      const request: Record<string, unknown> = { type: facadeName, request: method, version, params };
      if (options.id !== undefined) request.id = options.id;
      const settle = (err: Error | null, value?: unknown) => {
        if (!this.pending.has(entry)) return;
        clearTimeout(timer);
        this.pending.delete(entry);
        if (err) reject(new ApiError(what, err.message));
        else resolve((value ?? {}) as T);
      };
      try {
        this.conn.transport.write(
          request as never,
          (value) => settle(null, value),
          (err) => settle(err),
        );
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** A bulk call whose `results[i].error` become an error naming the item. */
  async bulk<T extends object>(
    facadeName: string,
    method: string,
    params: unknown,
    itemNames: readonly string[] = [],
  ): Promise<T[]> {
    const response = await this.call<{
      results?: (T & { error?: { message?: string; code?: string } | null })[];
    }>(facadeName, method, params);
    const results = response.results ?? [];
    results.forEach((item, i) => {
      const error = item?.error;
      if (error?.message) {
        const name = itemNames[i];
        throw new ApiError(
          `${facadeName}.${method}${name ? ` (${name})` : ""}`,
          error.message,
          error.code ?? "",
        );
      }
    });
    return results;
  }

  /** Ping every `everyMs` so a dead controller fails blocking calls (watchers) too. */
  keepAlive(everyMs = 10_000): void {
    if (this.pinger) return;
    this.pinger = setInterval(() => {
      this.call("Pinger", "Ping", null).catch((err: unknown) =>
        this.failAll(err instanceof Error ? err : new Error(String(err))),
      );
    }, everyMs);
    this.pinger.unref();
  }

  /** Fail every pending call with `err`, and every later one. */
  private failAll(err: Error): void {
    this.closedError ??= err;
    for (const entry of [...this.pending]) entry.reject(this.closedError);
  }

  /** Log out and close; pending calls fail. */
  close(): void {
    clearInterval(this.pinger);
    if (this.closedError) return;
    this.failAll(new CliError("the connection was closed by charmarr"));
    try {
      this.logout();
    } catch {
      // already closed
    }
  }
}
