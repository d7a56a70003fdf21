/**
 * Running a command in the workload container (spec A.8): `POST /v1/exec` starts an `exec`
 * change; its I/O flows over task websockets (`control`, `stdio`, and `stderr` when split);
 * the exit code arrives in the task's data once the change is ready.
 *
 * Framing (Pebble's wsutil): binary frames carry bytes, and a text frame
 * `{"command":"end"}` ends each direction of a stream.
 */
import type WebSocket from "ws";
import { type Change, waitChange } from "./changes";
import { decodeEnvelope, requestAsync } from "./envelope";
import { goDuration } from "./go-duration";
import { ExecError, PebbleChangeError } from "./pebble-errors";
import { mapSocketError, type PebbleTransport } from "./unix-socket-transport";
import { type WireObject, WireReader } from "./wire-reader";

export interface ExecOptions {
  environment?: Record<string, string>;
  workingDir?: string;
  /**
   * Pebble kills the command after this many ms; the change then fails (PebbleChangeError).
   * Without it the client waits for as long as the command runs.
   */
  timeoutMs?: number;
  userId?: number;
  user?: string;
  groupId?: number;
  group?: string;
  /** Inherit this service's environment, user, group and working dir underneath the above. */
  serviceContext?: string;
  /** Written to the command's stdin, which is then closed. */
  stdin?: string | Uint8Array;
  /** Send stderr through stdout (one stream); `stderr` in the result is then empty. */
  combineStderr?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const END_COMMAND = JSON.stringify({ command: "end" });
const STDIN_CHUNK_BYTES = 64 * 1024;
// Pebble sends every output frame before it marks the task done; this only covers delivery.
const OUTPUT_GRACE_MS = 2_000;
// The wait outlives the command's own time-out so Pebble's verdict arrives first (as ops).
const WAIT_MARGIN_MS = 1_000;

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function isEndCommand(text: Buffer): boolean {
  try {
    const message: unknown = JSON.parse(text.toString("utf8"));
    return (
      typeof message === "object" && message !== null && "command" in message && message.command === "end"
    );
  } catch {
    return false;
  }
}

/** One task websocket. Output is collected from construction on, so no early frame is missed. */
class TaskWebsocket {
  readonly #socket: WebSocket;
  readonly #chunks: Buffer[] = [];
  readonly opened: Promise<void>;
  /** Resolves at the end command or when the socket closes. */
  readonly ended: Promise<void>;

  constructor(Socket: typeof WebSocket, transport: PebbleTransport, taskId: string, id: string) {
    const path = `/v1/tasks/${encodeURIComponent(taskId)}/websocket/${id}`;
    this.#socket = new Socket(`ws://localhost${path}`, {
      createConnection: () => transport.connect(),
      perMessageDeflate: false,
      handshakeTimeout: transport.timeoutMs,
    });
    this.ended = new Promise<void>((resolve) => {
      this.#socket.on("message", (data, isBinary) => {
        const bytes = toBuffer(data);
        if (isBinary) this.#chunks.push(bytes);
        else if (isEndCommand(bytes)) resolve();
      });
      this.#socket.on("close", () => resolve());
    });
    this.opened = new Promise<void>((resolve, reject) => {
      this.#socket.once("open", resolve);
      // Pebble refuses an upgrade (unknown task, socket already connected) with its JSON envelope.
      this.#socket.once("unexpected-response", (request, response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          request.destroy();
          try {
            decodeEnvelope({
              statusCode: response.statusCode ?? 0,
              statusMessage: response.statusMessage ?? "",
              headers: response.headers,
              body: Buffer.concat(chunks),
            });
            reject(new Error(`GET ${path}: upgrade refused with HTTP ${response.statusCode}`));
          } catch (error) {
            reject(error);
          }
        });
      });
      this.#socket.once("error", (error) =>
        reject(mapSocketError(transport.socketPath, error, `GET ${path}`)),
      );
    });
    // Errors after opening surface as a closed socket (ended) or in the change itself.
    this.#socket.on("error", () => {});
  }

  output(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  async sendInput(input: string | Uint8Array | undefined): Promise<void> {
    const bytes = input === undefined ? Buffer.alloc(0) : Buffer.from(input);
    for (let offset = 0; offset < bytes.length; offset += STDIN_CHUNK_BYTES) {
      await this.#send(bytes.subarray(offset, offset + STDIN_CHUNK_BYTES), true);
    }
    await this.#send(END_COMMAND, false);
  }

  #send(data: string | Buffer, binary: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#socket.send(data, { binary }, (error) => (error ? reject(error) : resolve()));
    });
  }

  /**
   * Drop the connection without a close handshake: Pebble stops reading a stream after its
   * end command, so a polite close would wait out ws's 30 s close timer. Dropping control
   * before the change is done makes Pebble SIGKILL the command, which is what an abandoned
   * exec should do.
   */
  drop(): void {
    this.#socket.terminate();
  }
}

function execBody(command: readonly string[], options: ExecOptions): WireObject {
  const body: WireObject = {
    command: [...command],
    environment: { ...options.environment },
    terminal: false,
    interactive: false,
    "split-stderr": !options.combineStderr,
  };
  const optional: WireObject = {
    "service-context": options.serviceContext,
    "working-dir": options.workingDir,
    timeout: options.timeoutMs === undefined ? undefined : goDuration(options.timeoutMs),
    "user-id": options.userId,
    user: options.user,
    "group-id": options.groupId,
    group: options.group,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) body[key] = value;
  return body;
}

/** The exec task's exit code; -1 when Pebble recorded none (as ops). */
function exitCodeOf(change: Change, taskId: string): number {
  const task = change.tasks.find((t) => t.id === taskId) ?? change.tasks[0];
  const code = task?.data["exit-code"];
  return typeof code === "number" ? code : -1;
}

/** Run a command to completion. A non-zero exit is a result, not an error (see execOrThrow). */
export async function exec(
  transport: PebbleTransport,
  command: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  // Loaded on the first exec only, while Pebble starts the command: ws brings http, https, tls,
  // zlib and stream, which a hook that never execs (most of them) should not load at startup.
  const ws = import("ws");
  ws.catch(() => undefined); // awaited below; never an unhandled rejection
  const { changeId, result } = await requestAsync(transport, "POST", "/v1/exec", {
    body: execBody(command, options),
  });
  const taskId = new WireReader(result, "exec result").string("task-id");

  // Connected one after the other in ops' order: control, stdio, stderr.
  const sockets: TaskWebsocket[] = [];
  const { default: Socket } = await ws;
  const connect = async (id: string) => {
    const socket = new TaskWebsocket(Socket, transport, taskId, id);
    sockets.push(socket);
    await socket.opened;
    return socket;
  };
  try {
    await connect("control");
    const stdio = await connect("stdio");
    const stderr = options.combineStderr ? undefined : await connect("stderr");
    await stdio.sendInput(options.stdin);

    const timeoutMs =
      options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : options.timeoutMs + WAIT_MARGIN_MS;
    const change = await waitChange(transport, changeId, { timeoutMs });
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([stdio.ended, stderr?.ended]),
      new Promise((resolve) => {
        grace = setTimeout(resolve, OUTPUT_GRACE_MS);
      }),
    ]);
    clearTimeout(grace);
    if (change.err) throw new PebbleChangeError(change);
    return {
      exitCode: exitCodeOf(change, taskId),
      stdout: stdio.output().toString("utf8"),
      stderr: stderr?.output().toString("utf8") ?? "",
    };
  } finally {
    for (const socket of sockets) socket.drop();
  }
}

/** Run a command and throw ExecError (with its output) when it exits non-zero. */
export async function execOrThrow(
  transport: PebbleTransport,
  command: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const result = await exec(transport, command, options);
  if (result.exitCode !== 0) throw new ExecError(command, result.exitCode, result.stdout, result.stderr);
  return result;
}
