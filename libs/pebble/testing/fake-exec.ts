/**
 * TEST FIXTURE: exec (spec A.8) with scripted commands instead of processes. The wire side
 * is Pebble's: a 202 `exec` change whose result holds the task id, task websockets
 * `control`/`stdio`/`stderr`, binary frames for bytes and a text `{"command":"end"}` closing
 * each stream direction, the command run only once the I/O sockets are all connected, the
 * control socket dropped by the server when the command ends, and the exit code in the task
 * data (`-1` and a change error when the time-out fires).
 */
import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { ChangeStore } from "./fake-changes";
import { badRequest, errorBody, formatGoDuration, parseGoDuration } from "./wire-responses";

export interface ExecContext {
  command: string[];
  environment: Record<string, string>;
  workingDir?: string;
  userId?: number;
  user?: string;
  groupId?: number;
  group?: string;
  stdin: Buffer;
}

export interface ExecOutcome {
  exitCode: number;
  stdout?: string | Buffer;
  stderr?: string | Buffer;
}

/** A scripted command, looked up by `command[0]` (as if on PATH). */
export type ExecHandler = (context: ExecContext) => ExecOutcome | Promise<ExecOutcome>;

type SocketId = "control" | "stdio" | "stderr";

interface Session {
  changeId: string;
  context: Omit<ExecContext, "stdin">;
  timeoutMs?: number;
  splitStderr: boolean;
  sockets: Partial<Record<SocketId, WebSocket>>;
  stdin: Buffer[];
  stdinEnded: Promise<void>;
  endStdin: () => void;
  started: boolean;
}

const END = JSON.stringify({ command: "end" });
// Pebble gives the client this long to connect the I/O websockets.
const CONNECT_TIMEOUT_MS = 5_000;

export class FakeExec {
  readonly handlers = new Map<string, ExecHandler>();
  /** Every text message received on a control socket. */
  readonly controlMessages: { taskId: string; message: unknown }[] = [];
  readonly #sessions = new Map<string, Session>();
  readonly #wss = new WebSocketServer({ noServer: true });

  constructor(readonly changes: ChangeStore) {}

  /** POST /v1/exec → {change id, result}. */
  start(body: Record<string, unknown>): { changeId: string; result: Record<string, unknown> } {
    const command = Array.isArray(body.command) ? body.command.map(String) : [];
    if (command.length === 0) throw badRequest("must specify command");
    const program = command[0] as string;
    if (!this.handlers.has(program)) throw badRequest(`cannot find executable "${program}"`);
    const environment = { ...((body.environment as Record<string, string> | null) ?? {}) };
    const workingDir = (body["working-dir"] as string | undefined) ?? undefined;
    const change = this.changes.create("exec", `Execute command "${program}"`, [
      { kind: "exec", summary: `Execute command "${program}"` },
    ]);
    const taskId = change.tasks[0]?.id as string;
    let endStdin = () => {};
    const stdinEnded = new Promise<void>((resolve) => {
      endStdin = resolve;
    });
    const session: Session = {
      changeId: change.id,
      context: {
        command,
        environment,
        workingDir,
        userId: body["user-id"] as number | undefined,
        user: body.user as string | undefined,
        groupId: body["group-id"] as number | undefined,
        group: body.group as string | undefined,
      },
      timeoutMs: typeof body.timeout === "string" ? parseGoDuration(body.timeout) : undefined,
      splitStderr: body["split-stderr"] === true,
      sockets: {},
      stdin: [],
      stdinEnded,
      endStdin,
      started: false,
    };
    this.#sessions.set(taskId, session);
    setTimeout(() => {
      if (!session.started) {
        session.started = true;
        this.changes.finish(change.id, [
          { error: `exec ${taskId}: timeout waiting for websocket connections: context deadline exceeded` },
        ]);
      }
    }, CONNECT_TIMEOUT_MS).unref();
    return {
      changeId: change.id,
      result: { "task-id": taskId, environment, "working-dir": workingDir ?? "" },
    };
  }

  /** The HTTP upgrade for `/v1/tasks/{task-id}/websocket/{id}`; refusals use the JSON envelope. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, taskId: string, id: string): void {
    const session = this.#sessions.get(taskId);
    let refusal: [number, string] | undefined;
    if (!session) refusal = [404, `cannot find task with id "${taskId}"`];
    else if (id !== "control" && id !== "stdio" && !(id === "stderr" && session.splitStderr)) {
      refusal = [404, `websocket "${id}" not found`];
    } else if (session.sockets[id as SocketId]) refusal = [400, `websocket "${id}" already connected`];
    if (!session || refusal) {
      const [status, message] = refusal ?? [404, "not found"];
      const body = JSON.stringify(errorBody(status, message));
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) =>
      this.#connected(session, taskId, id as SocketId, ws),
    );
  }

  #connected(session: Session, taskId: string, id: SocketId, ws: WebSocket): void {
    session.sockets[id] = ws;
    ws.on("error", () => {});
    if (id === "control") {
      ws.on("message", (data, isBinary) => {
        if (!isBinary) this.controlMessages.push({ taskId, message: JSON.parse(data.toString()) });
      });
    }
    if (id === "stdio") {
      ws.on("message", (data, isBinary) => {
        if (isBinary) session.stdin.push(Buffer.from(data as Buffer));
        else if (JSON.parse(data.toString()).command === "end") session.endStdin();
      });
      ws.on("close", () => session.endStdin());
    }
    if (session.sockets.stdio && (!session.splitStderr || session.sockets.stderr) && !session.started) {
      session.started = true;
      void this.#run(session);
    }
  }

  async #run(session: Session): Promise<void> {
    const handler = this.handlers.get(session.context.command[0] as string) as ExecHandler;
    const outcome = (async () => {
      await session.stdinEnded;
      return handler({ ...session.context, stdin: Buffer.concat(session.stdin) });
    })();
    const timedOut = new Promise<"timeout">((resolve) => {
      if (session.timeoutMs !== undefined) setTimeout(() => resolve("timeout"), session.timeoutMs).unref();
    });
    const result = await Promise.race([outcome, timedOut]);
    const { stdio, stderr, control } = session.sockets;
    const sendStream = async (ws: WebSocket | undefined, bytes: Buffer) => {
      if (!ws) return;
      // Two frames when possible, so clients must concatenate.
      const half = Math.ceil(bytes.length / 2);
      for (const chunk of [bytes.subarray(0, half), bytes.subarray(half)]) {
        if (chunk.length) await new Promise<void>((r) => ws.send(chunk, { binary: true }, () => r()));
      }
      await new Promise<void>((r) => ws.send(END, { binary: false }, () => r()));
    };
    const out = result === "timeout" ? Buffer.alloc(0) : Buffer.from(result.stdout ?? "");
    const err = result === "timeout" ? Buffer.alloc(0) : Buffer.from(result.stderr ?? "");
    // Like Pebble, the control connection is just dropped when the command ends.
    control?.terminate();
    await Promise.all([
      sendStream(stdio, session.splitStderr ? out : Buffer.concat([out, err])),
      sendStream(stderr, session.splitStderr ? err : Buffer.alloc(0)),
    ]);
    if (result === "timeout") {
      const after = formatGoDuration(session.timeoutMs as number);
      this.changes.finish(session.changeId, [
        { error: `timed out after ${after}: context deadline exceeded`, data: { "exit-code": -1 } },
      ]);
    } else {
      this.changes.finish(session.changeId, [{ data: { "exit-code": result.exitCode } }]);
    }
  }

  close(): void {
    for (const session of this.#sessions.values()) {
      for (const ws of Object.values(session.sockets)) ws?.terminate();
    }
    this.#wss.close();
  }
}
