import { constants as osConstants } from "node:os";
import type { Readable } from "node:stream";
import type { WebSocket } from "ws";
import type { ChangeStore, Task } from "./changes";
import { withRealTimeout } from "./clock";
import type { ContainerProcess } from "./container-sandbox";
import { DurationParseError, formatGoDuration, nsToMs, parseGoDuration } from "./go-duration";
import { JsonBody } from "./json-body";
import { mergeServiceContext, type Plan } from "./plan";
import { DEFAULT_PATH, directoryProblem, type LaunchContext, launchProcess } from "./process-launch";
import {
  ApiError,
  type ApiResponse,
  asyncResponse,
  badRequest,
  notFound,
  serverError,
} from "./response-envelope";
import type { ApiRequest } from "./router";

// How long the I/O websockets have to connect (cmdstate.connectTimeout).
const CONNECT_TIMEOUT_MS = 5000;
// How long output may keep flowing after the process exits (cmdstate.waitDelay).
const WAIT_DELAY_MS = 1000;
const END_COMMAND = JSON.stringify({ command: "end" });

type WebsocketId = "control" | "stdio" | "stderr";

interface ExecSetup {
  command: string[];
  environment: Record<string, string>;
  workingDir: string;
  /** Nanoseconds; 0 for none. */
  timeout: number;
  uid?: number;
  gid?: number;
  splitStderr: boolean;
}

/** One exec call: its websockets, stdin buffered until the process exists, and the process. */
class Execution {
  private readonly sockets = new Map<WebsocketId, WebSocket | undefined>();
  private ioReady?: () => void;
  private readonly ioConnected = new Promise<void>((resolve) => {
    this.ioReady = resolve;
  });
  private process?: ContainerProcess;
  private readonly pendingStdin: Buffer[] = [];
  private stdinEnded = false;
  private readonly claimed = new Set<string>();

  constructor(readonly setup: ExecSetup) {
    this.sockets.set("control", undefined);
    this.sockets.set("stdio", undefined);
    if (setup.splitStderr) this.sockets.set("stderr", undefined);
  }

  /** Why `id` cannot be connected now, or undefined when it can. */
  connectProblem(id: string, taskId: string): ApiError | undefined {
    if (!this.sockets.has(id as WebsocketId))
      return notFound(`cannot find ${id} websocket for task ${JSON.stringify(taskId)}`);
    if (this.sockets.get(id as WebsocketId) || this.claimed.has(id)) {
      return serverError(`${id} websocket already connected`);
    }
    return undefined;
  }

  /** Holds `id` while its upgrade completes, so a second connection to it is refused. */
  claim(id: WebsocketId): void {
    this.claimed.add(id);
  }

  connect(id: WebsocketId, ws: WebSocket): void {
    this.sockets.set(id, ws);
    if (id === "stdio") {
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (isBinary) this.stdin(data);
        else if (isEndCommand(data)) this.endStdin();
      });
      ws.on("close", () => this.endStdin());
    }
    if (id === "control") {
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (!isBinary) this.control(data);
      });
      // An abnormal close of the control socket kills the command (as Pebble does).
      ws.on("close", (code: number) => {
        if (code === 1006) this.process?.signal("SIGKILL", false);
      });
    }
    if (this.sockets.get("stdio") && (!this.setup.splitStderr || this.sockets.get("stderr")))
      this.ioReady?.();
  }

  async run(task: Task, signal: AbortSignal, launch: LaunchContext): Promise<void> {
    const aborted = new Promise<false>((resolve) => {
      signal.addEventListener("abort", () => resolve(false), { once: true });
    });
    const connected = await withRealTimeout(
      Promise.race([this.ioConnected.then(() => true), aborted]),
      CONNECT_TIMEOUT_MS,
    );
    if (!connected) {
      if (signal.aborted) throw new Error("exec aborted before its websockets connected");
      throw new Error(
        `exec ${task.id}: timeout waiting for websocket connections: context deadline exceeded`,
      );
    }
    task.apiData = { "exit-code": -1 };
    const stdio = this.sockets.get("stdio");
    const stderrSocket = this.setup.splitStderr ? this.sockets.get("stderr") : stdio;
    const endStreams = async () => {
      this.sockets.get("control")?.close();
      await Promise.all([
        sendText(stdio, END_COMMAND),
        this.setup.splitStderr ? sendText(stderrSocket, END_COMMAND) : null,
      ]);
    };
    let child: ContainerProcess;
    try {
      child = launchProcess(launch, {
        argv: this.setup.command,
        env: this.setup.environment,
        workingDir: this.setup.workingDir,
        uid: this.setup.uid,
        gid: this.setup.gid,
        stdin: "pipe",
      });
    } catch (error) {
      // The client still gets its end frames, as when Pebble fails to start a command.
      await endStreams();
      throw error;
    }
    this.process = child;
    for (const chunk of this.pendingStdin.splice(0)) child.stdin?.write(chunk);
    if (this.stdinEnded) child.stdin?.end();
    child.stdin?.on("error", () => {});

    const outputs = [forward(child.stdout, stdio), forward(child.stderr, stderrSocket)];

    let timedOut = false;
    const kill = () => child.signal("SIGKILL", true);
    const timer =
      this.setup.timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            kill();
          }, nsToMs(this.setup.timeout))
        : undefined;
    signal.addEventListener("abort", kill, { once: true });
    const status = await child.exited;
    clearTimeout(timer);
    signal.removeEventListener("abort", kill);

    // A grandchild may hold the output open; like Go's WaitDelay, stop waiting after a moment.
    await withRealTimeout(Promise.all(outputs), WAIT_DELAY_MS);
    child.stdout.destroy();
    child.stderr.destroy();
    await endStreams();

    if (timedOut) {
      throw new Error(`timed out after ${formatGoDuration(this.setup.timeout)}: context deadline exceeded`);
    }
    if (status.error) throw status.error;
    task.apiData = { "exit-code": status.code };
  }

  /** Closes every websocket (server shutdown). */
  closeAll(): void {
    for (const ws of this.sockets.values()) ws?.terminate();
    this.process?.signal("SIGKILL", true);
  }

  private stdin(data: Buffer): void {
    if (this.process?.stdin) this.process.stdin.write(data);
    else if (!this.process) this.pendingStdin.push(data);
  }

  private endStdin(): void {
    if (this.stdinEnded) return;
    this.stdinEnded = true;
    this.process?.stdin?.end();
  }

  private control(data: Buffer): void {
    let message: { command?: unknown; signal?: { name?: unknown } };
    try {
      message = JSON.parse(data.toString("utf8"));
    } catch {
      return;
    }
    if (message.command !== "signal") return;
    const name = message.signal?.name;
    if (typeof name === "string" && name in osConstants.signals)
      this.process?.signal(name as NodeJS.Signals, false);
  }
}

function isEndCommand(data: Buffer): boolean {
  try {
    return (JSON.parse(data.toString("utf8")) as { command?: unknown }).command === "end";
  } catch {
    return false;
  }
}

/** Sends a stream as binary frames; resolves when the stream has ended and every frame was written. */
function forward(stream: Readable, ws: WebSocket | undefined): Promise<void> {
  return new Promise((resolve) => {
    const sends: Promise<void>[] = [];
    stream.on("data", (chunk: Buffer) => {
      sends.push(sendBinary(ws, chunk));
    });
    const done = () => void Promise.all(sends).then(() => resolve());
    stream.once("end", done);
    stream.once("close", done);
    stream.once("error", done);
  });
}

function sendBinary(ws: WebSocket | undefined, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (!ws || ws.readyState !== ws.OPEN) return resolve();
    ws.send(data, { binary: true }, () => resolve());
  });
}

function sendText(ws: WebSocket | undefined, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (!ws || ws.readyState !== ws.OPEN) return resolve();
    ws.send(text, { binary: false }, () => resolve());
  });
}

/** An exec call as the server accepted it (what the leak scanner reads). */
export interface ExecRecord {
  command: readonly string[];
  /** The whole environment the command gets (the daemon's, the request's on top). */
  environment: Readonly<Record<string, string>>;
  workingDir: string;
}

export interface ExecApiOptions {
  changes: ChangeStore;
  /** Told of every accepted exec call. */
  onExec?: (record: ExecRecord) => void;
  plan: () => Plan;
  launch: LaunchContext;
  baseEnvironment: Readonly<Record<string, string>>;
}

/** POST /v1/exec and the exec task websockets (api_exec.go, cmdstate). */
export class ExecApi {
  private readonly executions = new Map<string, Execution>();

  constructor(private readonly options: ExecApiOptions) {
    options.changes.addHandler("exec", async (task, signal) => {
      const execution = this.executions.get(task.id);
      if (!execution) return;
      try {
        await execution.run(task, signal, options.launch);
      } finally {
        this.executions.delete(task.id);
      }
    });
  }

  post = async (request: ApiRequest): Promise<ApiResponse> => {
    const body = JsonBody.parse(await request.body(), "cannot decode request body");
    const command = body.strings("command");
    if (command.length < 1) throw badRequest("must specify command");
    let timeout = 0;
    try {
      timeout = body.string("timeout") ? parseGoDuration(body.string("timeout")) : 0;
    } catch (error) {
      if (error instanceof DurationParseError) throw badRequest(`invalid timeout: ${error.message}`);
      throw error;
    }
    const { launch, baseEnvironment } = this.options;
    const daemonPath = baseEnvironment.PATH ?? DEFAULT_PATH;
    if (!launch.sandbox.findExecutable(command[0] as string, daemonPath, launch.fs)) {
      throw badRequest(`cannot find executable ${JSON.stringify(command[0])}`);
    }
    let context: ReturnType<typeof mergeServiceContext>;
    let ids: { uid?: number; gid?: number };
    try {
      context = mergeServiceContext(this.options.plan(), body.string("service-context"), {
        environment: body.stringMap("environment"),
        userId: body.optionalInt("user-id"),
        user: body.string("user"),
        groupId: body.optionalInt("group-id"),
        group: body.string("group"),
        workingDir: body.string("working-dir"),
      });
      ids = launch.users.normalize(context);
    } catch (error) {
      // An unknown context service or an unresolvable user/group.
      if (error instanceof Error) throw badRequest(error.message);
      throw error;
    }
    if (body.bool("interactive") && !body.bool("terminal")) {
      throw serverError("cannot call exec: cannot use interactive mode without a terminal");
    }
    if (body.bool("terminal"))
      throw badRequest("cannot call exec: terminal mode is not supported by this server");

    const environment = this.environment(context.environment, ids.uid);
    const workingDir = this.workingDir(context.workingDir ?? "", environment.HOME ?? "");
    const setup: ExecSetup = {
      command,
      environment,
      workingDir,
      timeout,
      uid: ids.uid,
      gid: ids.gid,
      splitStderr: body.bool("split-stderr"),
    };
    this.options.onExec?.({ command, environment, workingDir });
    const summary = `Execute command ${JSON.stringify(command[0])}`;
    const task = this.options.changes.newTask("exec", summary);
    this.executions.set(task.id, new Execution(setup));
    const change = this.options.changes.newChange("exec", summary, [task]);
    return asyncResponse(change.id, { environment, "task-id": task.id, "working-dir": workingDir });
  };

  /** Checks a websocket request; returns the execution to connect it to, or the error to answer. */
  websocketTarget(taskId: string, websocketId: string): { execution: Execution; id: WebsocketId } | ApiError {
    const task = this.options.changes.task(taskId);
    if (!task) return notFound(`cannot find task ${JSON.stringify(taskId)}`);
    if (task.kind !== "exec") return badRequest(`${JSON.stringify(task.kind)} tasks do not have websockets`);
    const execution = this.executions.get(taskId);
    if (!execution)
      return notFound(`cannot find ${websocketId} websocket for task ${JSON.stringify(taskId)}`);
    return execution.connectProblem(websocketId, taskId) ?? { execution, id: websocketId as WebsocketId };
  }

  /** GET on a websocket URL without an upgrade. */
  getWebsocket = (request: ApiRequest): ApiResponse => {
    const target = this.websocketTarget(
      request.params["task-id"] ?? "",
      request.params["websocket-id"] ?? "",
    );
    if (target instanceof ApiError) throw target;
    throw badRequest("websocket: the client is not using the websocket protocol");
  };

  close(): void {
    for (const execution of this.executions.values()) execution.closeAll();
  }

  /** The daemon environment, the request's on top, then PATH, HOME, USER and LANG defaults (cmdstate.Exec). */
  private environment(requested: Record<string, string>, uid: number | undefined): Record<string, string> {
    const env: Record<string, string> = { ...this.options.baseEnvironment };
    const ownUid = process.getuid?.() ?? 0;
    if (uid !== undefined && uid !== ownUid) {
      delete env.HOME;
      delete env.USER;
    }
    Object.assign(env, requested);
    env.PATH ??= DEFAULT_PATH;
    if (!env.HOME || !env.USER) {
      const entry = this.options.launch.users.lookupUserId(uid ?? ownUid);
      if (entry) {
        env.HOME ||= entry.home;
        env.USER ||= entry.name;
      }
    }
    env.LANG ??= "C.UTF-8";
    return env;
  }

  /** The working directory, else $HOME, else "/"; it must exist in the container. */
  private workingDir(requested: string, home: string): string {
    if (requested === "" && home === "") return "/";
    const [dir, what] = requested ? [requested, "working directory"] : [home, "home directory"];
    const problem = directoryProblem(this.options.launch.fs, dir);
    if (problem === "no such file or directory") {
      throw serverError(`cannot call exec: ${what} ${JSON.stringify(dir)} does not exist`);
    }
    if (problem === "not a directory")
      throw serverError(`cannot call exec: ${what} ${JSON.stringify(dir)} not a directory`);
    if (problem)
      throw serverError(`cannot call exec: cannot stat ${what} ${JSON.stringify(dir)}: ${problem}`);
    return dir;
  }
}
