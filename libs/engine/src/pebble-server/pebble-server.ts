import { randomUUID } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, realpathSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { ChangeStore } from "./changes";
import { changesRoutes } from "./changes-api";
import { CheckManager } from "./checks";
import { checksRoutes } from "./checks-api";
import { type Clock, realClock } from "./clock";
import { ContainerFilesystem } from "./container-filesystem";
import { bubblewrapSandbox, type ContainerSandbox } from "./container-sandbox";
import { ExecApi, type ExecRecord } from "./exec-api";
import { FilesApi } from "./files-api";
import { Listeners } from "./listeners";
import { logsRoutes } from "./logs-api";
import { type Notice, NoticeStore } from "./notices";
import { noticesRoutes } from "./notices-api";
import { planRoutes } from "./plan-api";
import { PlanManager } from "./plan-manager";
import { DEFAULT_PATH } from "./process-launch";
import {
  ApiError,
  type ApiResponse,
  errorResponse,
  methodNotAllowed,
  notFound,
  statusText,
  writeJsonResponse,
} from "./response-envelope";
import { type ApiRequest, type Handler, Router } from "./router";
import { DEFAULT_OKAY_DELAY_MS, ServiceManager, type ShutdownRequest } from "./service-supervisor";
import { servicesRoutes } from "./services-api";
import { systemRoutes } from "./system-api";
import { UserDatabase } from "./user-database";

export interface PebbleServerOptions {
  /** Where to listen, e.g. `<charm dir>/containers/<name>/pebble.socket`. */
  socketPath: string;
  /** The host directory that is the container's filesystem. */
  rootDir: string;
  /** How processes enter the container; bubblewrap unless told otherwise. */
  sandbox?: ContainerSandbox;
  /** Timestamps, check periods and restart backoff; real time by default. */
  clock?: Clock;
  /** The environment Pebble itself runs with (services and exec inherit it). */
  environment?: Record<string, string>;
  /** The container's user database; the host's /etc by default (the sandbox shows the host's /etc). */
  users?: UserDatabase;
  /** `version` in /v1/system-info. */
  version?: string;
  /** How long a new service process must live to count as started (1 s in Pebble). */
  okayDelayMs?: number;
  /** The container's loopback as this process reaches it (its pod's IP): where localhost checks go. */
  loopbackHost?: string;
}

/** A running Pebble server for one workload container. */
export interface PebbleServer {
  readonly socketPath: string;
  readonly rootDir: string;
  readonly bootId: string;
  /** A check went down (its perform-check change failed at the threshold): pebble-check-failed. */
  onCheckFailed(listener: (check: string) => void): () => void;
  /** A down check succeeded again: pebble-check-recovered. */
  onCheckRecovered(listener: (check: string) => void): () => void;
  /** Every new or repeated notice (custom ones raise pebble-custom-notice). */
  onNotice(listener: (notice: Notice) => void): () => void;
  /** A service's exit or check-failure action asked Pebble to shut down (its container would restart). */
  onShutdownRequested(listener: (request: ShutdownRequest) => void): () => void;
  /** Host pids of the running services, by name. */
  servicePids(): Record<string, number>;
  /** Every exec call accepted from now on (command, environment, working dir). */
  onExec(listener: (record: ExecRecord) => void): () => void;
  /** The services' log buffers as `/v1/logs?n=-1` would give them: service name → lines. */
  serviceLogs(): Record<string, string[]>;
  /** Fault injection: kills a running service's processes as if they crashed; false if it is not running. */
  killService(name: string, signal?: NodeJS.Signals): Promise<boolean>;
  /** Records a custom notice as if the workload had called `pebble notify`. Returns its id. */
  notify(key: string, data?: Record<string, string>): string;
  /** Stops every process, closes every connection and removes the socket. */
  close(): Promise<void>;
}

const DEFAULT_VERSION = "v1.26.0-charmarr";

/** Gives the container root the directories every image has and the sandbox needs. */
function prepareRoot(rootDir: string, sandbox: ContainerSandbox): void {
  mkdirSync(rootDir, { recursive: true });
  const skeleton: [string, number][] = [
    ["tmp", 0o1777],
    ["root", 0o700],
  ];
  for (const [dir, mode] of skeleton) {
    const path = `${rootDir}/${dir}`;
    try {
      lstatSync(path);
    } catch {
      mkdirSync(path);
      chmodSync(path, mode);
    }
  }
  sandbox.prepareRoot(rootDir);
}

/** Removes a stale socket left by a server that did not close. */
function removeStaleSocket(socketPath: string): void {
  try {
    if (lstatSync(socketPath).isSocket()) rmSync(socketPath);
  } catch {
    // Nothing there.
  }
}

function writeUpgradeError(socket: Duplex, error: ApiError): void {
  const response = error.toResponse();
  const body = JSON.stringify({
    type: "error",
    "status-code": response.statusCode,
    status: statusText(response.statusCode),
    result: response.result,
  });
  socket.end(
    `HTTP/1.1 ${response.statusCode} ${statusText(response.statusCode)}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Starts a Pebble server on a unix socket for the container whose filesystem is `rootDir`. */
export async function startPebbleServer(options: PebbleServerOptions): Promise<PebbleServer> {
  const sandbox = options.sandbox ?? bubblewrapSandbox();
  const clock = options.clock ?? realClock;
  const users = options.users ?? new UserDatabase();
  const environment = options.environment ?? { PATH: DEFAULT_PATH };
  prepareRoot(options.rootDir, sandbox);
  const rootDir = realpathSync(options.rootDir);
  const fs = new ContainerFilesystem(rootDir, sandbox.mounts());
  const launch = { fs, sandbox, users };
  const bootId = randomUUID();

  const checkFailed = new Listeners<[string]>();
  const checkRecovered = new Listeners<[string]>();
  const shutdownRequested = new Listeners<[ShutdownRequest]>();
  const execs = new Listeners<[ExecRecord]>();

  const notices = new NoticeStore(clock);
  const changes = new ChangeStore(clock, notices);
  const plans = new PlanManager();
  const plan = () => plans.plan;
  const services = new ServiceManager({
    ...launch,
    plan,
    changes,
    clock,
    okayDelayMs: options.okayDelayMs ?? DEFAULT_OKAY_DELAY_MS,
    baseEnvironment: environment,
    onShutdownRequested: (request) => shutdownRequested.emit(request),
  });
  const checks = new CheckManager({
    ...launch,
    plan,
    changes,
    clock,
    baseEnvironment: environment,
    onThreshold: (name) => services.checkFailed(name),
    onCheckFailed: (name) => checkFailed.emit(name),
    onCheckRecovered: (name) => checkRecovered.emit(name),
    ...(options.loopbackHost === undefined ? {} : { loopbackHost: options.loopbackHost }),
  });
  plans.onChange((next) => checks.planChanged(next));
  const files = new FilesApi(fs, users);
  const exec = new ExecApi({
    changes,
    plan,
    launch,
    baseEnvironment: environment,
    onExec: (record) => execs.emit(record),
  });

  const router = new Router([
    ...systemRoutes({ bootId, version: options.version ?? DEFAULT_VERSION }, checks),
    ...changesRoutes(changes),
    ...servicesRoutes({ plan, changes, services, checks }),
    ...planRoutes(plans, users),
    { path: "/v1/files", GET: files.get, POST: files.post },
    ...logsRoutes(services),
    { path: "/v1/exec", POST: exec.post },
    { path: "/v1/tasks/{task-id}/websocket/{websocket-id}", GET: exec.getWebsocket },
    ...checksRoutes(checks, plan),
    ...noticesRoutes(notices),
  ]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(`http://localhost${req.url ?? "/"}`);
    const abort = new AbortController();
    res.once("close", () => abort.abort());
    let response: ApiResponse;
    try {
      const match = router.match(url.pathname);
      if (!match) throw notFound("invalid API endpoint requested");
      const method = req.method ?? "GET";
      const handler: Handler | undefined =
        method === "GET" ? match.route.GET : method === "POST" ? match.route.POST : undefined;
      if (!handler) throw methodNotAllowed(method);
      let body: Promise<Buffer> | undefined;
      const request: ApiRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        params: match.params,
        headers: req.headers,
        body: () => {
          body ??= readBody(req);
          return body;
        },
        signal: abort.signal,
      };
      response = await handler(request);
    } catch (error) {
      response =
        error instanceof ApiError
          ? error.toResponse()
          : errorResponse(500, { message: error instanceof Error ? error.message : String(error) });
    }
    if (res.writableEnded || res.destroyed) return;
    if (response.kind === "json") writeJsonResponse(res, response);
    else await response.write(res);
  };

  const websockets = new WebSocketServer({ noServer: true });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(`http://localhost${req.url ?? "/"}`);
    const match = router.match(url.pathname);
    if (!match || match.route.path !== "/v1/tasks/{task-id}/websocket/{websocket-id}") {
      writeUpgradeError(socket, notFound("invalid API endpoint requested"));
      return;
    }
    const target = exec.websocketTarget(match.params["task-id"] ?? "", match.params["websocket-id"] ?? "");
    if (target instanceof ApiError) {
      writeUpgradeError(socket, target);
      return;
    }
    target.execution.claim(target.id);
    websockets.handleUpgrade(req, socket, head, (ws) => target.execution.connect(target.id, ws));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) writeJsonResponse(res, errorResponse(500, { message: String(error) }));
      else res.destroy();
    });
  });
  server.on("upgrade", upgrade);
  removeStaleSocket(options.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    server.close();
    changes.close();
    checks.close();
    exec.close();
    await services.close();
    for (const client of websockets.clients) client.terminate();
    websockets.close();
    server.closeAllConnections();
    removeStaleSocket(options.socketPath);
  };

  return {
    socketPath: options.socketPath,
    rootDir,
    bootId,
    onCheckFailed: (listener) => checkFailed.add(listener),
    onCheckRecovered: (listener) => checkRecovered.add(listener),
    onNotice: (listener) => notices.onNotice(listener),
    onShutdownRequested: (listener) => shutdownRequested.add(listener),
    servicePids: () => services.pids(),
    onExec: (listener) => execs.add(listener),
    serviceLogs: () =>
      Object.fromEntries(
        services.list().map((s) => [s.name, (services.logs(s.name)?.last(-1) ?? []).map((e) => e.message)]),
      ),
    killService: (name, signal) => services.killService(name, signal),
    notify: (key, data) => notices.add(0, "custom", key, { data }).id,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}
