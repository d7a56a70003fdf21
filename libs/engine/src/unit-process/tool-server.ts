import { lstatSync, unlinkSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import type { ToolOutput, ToolRunner } from "@charmarr/charm";
import { contextUnit } from "./context-id";
import { readsStdin } from "./reads-stdin";
import { recordedOutput } from "./tool-call-output";
import { decodeFrame, encodeResponse, parseRequest, type ToolRequest, type ToolResponse } from "./tool-wire";

/** A fault to inject into one context's N-th tool call (1-based, in the order calls are served). */
export type ToolFault =
  /** Answer the call with this output (exit 1 and no output unless given) instead of asking the runner. */
  | { kind: "fail"; call: number; output?: Partial<ToolOutput> }
  /**
   * SIGKILL the hook process once the call has been served, before the hook can see the answer,
   * so nothing it would do after call N (a tool call, a Pebble or workload request) happens.
   */
  | { kind: "kill-after"; call: number };

/** One tool call as the server saw it: what the leak scanner reads (argv and stdin may carry secrets). */
export interface ToolCallRecord {
  contextId: string;
  /** Position among the context's served calls, from 1; 0 for a refused call. */
  seq: number;
  tool: string;
  args: string[];
  cwd: string;
  /** What the tool was given on stdin, when it reads stdin (`--file -`). */
  stdin?: string;
  exitCode: number;
  /** What the tool printed (the first 64 KiB of each stream; `outputTruncated` when cut). */
  stdout: string;
  stderr: string;
  outputTruncated?: true;
  /** The context id was unknown or closed. */
  refused?: true;
  /** The answer came from a fail fault, or the hook was killed after this call. */
  fault?: ToolFault["kind"];
  /**
   * When the request arrived, in ms since the context was opened (just before the hook's
   * process started), and how long until its answer was ready (waiting for earlier calls
   * included): where a hook's time goes, between its tools and its own code.
   */
  atMs?: number;
  ms?: number;
}

export interface OpenOptions {
  faults?: readonly ToolFault[];
}

/** A hook context registered with the server, answered by its runner until closed. */
export interface RegisteredContext {
  readonly id: string;
  /** How to kill the hook process; kill-after faults need it. */
  setKiller(kill: () => void): void;
  calls(): ToolCallRecord[];
  /** Later calls with this id are refused, as Juju refuses a stale JUJU_CONTEXT_ID. */
  close(): void;
}

export interface ToolServer {
  /** Goes into JUJU_AGENT_SOCKET_ADDRESS (network `unix`). */
  readonly socketPath: string;
  /** Registers `contextId`; throws if it is already open. */
  open(contextId: string, runner: ToolRunner, options?: OpenOptions): RegisteredContext;
  /** Every call so far, refused ones included, in the order they were answered. */
  calls(): readonly ToolCallRecord[];
  close(): Promise<void>;
}

type Reply = (response: ToolResponse) => Promise<void>;

// sun_path is 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH = 107;

class ServedContext implements RegisteredContext {
  #closed = false;
  #served = 0;
  #queue: Promise<void> = Promise.resolve();
  #kill: (() => void) | undefined;
  readonly #openedAt = performance.now();

  constructor(
    readonly id: string,
    private readonly runner: ToolRunner,
    private readonly faults: readonly ToolFault[],
    private readonly log: ToolCallRecord[],
    private readonly onClose: () => void,
  ) {}

  get isOpen(): boolean {
    return !this.#closed;
  }

  setKiller(kill: () => void): void {
    this.#kill = kill;
  }

  calls(): ToolCallRecord[] {
    return this.log.filter((c) => c.contextId === this.id);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose();
  }

  /** Calls within one hook are served one at a time (contract §1.1, §8 item 6). */
  enqueue(request: ToolRequest, reply: Reply, refuse: () => Promise<void>): void {
    const arrived = performance.now();
    this.#queue = this.#queue.then(() => (this.#closed ? refuse() : this.#serve(request, reply, arrived)));
  }

  async #serve(request: ToolRequest, reply: Reply, arrived: number): Promise<void> {
    const seq = ++this.#served;
    const fail = this.faults.find((f) => f.kind === "fail" && f.call === seq);
    const kill = this.faults.find((f) => f.kind === "kill-after" && f.call === seq);
    const stdin = request.stdin ?? (readsStdin(request.args) ? "" : undefined);
    const output =
      fail?.kind === "fail"
        ? { stdout: "", stderr: "", exitCode: 1, ...fail.output }
        : await runSafely(this.runner, request.tool, request.args, stdin);
    const fault = (kill ?? fail)?.kind;
    this.log.push({
      ...recordOf({ ...request, stdin }),
      seq,
      exitCode: output.exitCode,
      ...recordedOutput(output),
      ...(fault ? { fault } : {}),
      atMs: arrived - this.#openedAt,
      ms: performance.now() - arrived,
    });
    if (kill) {
      // Before the answer goes out: the hook's last act is call N, deterministically.
      this.#kill?.();
      this.close();
    }
    await reply(output);
  }
}

async function runSafely(
  runner: ToolRunner,
  tool: string,
  args: readonly string[],
  stdin: string | undefined,
): Promise<ToolOutput> {
  try {
    return await runner.run(tool, args, stdin);
  } catch (err) {
    // A runner bug must not hang the hook: Juju reports internal errors the same way.
    return { stdout: "", stderr: `ERROR ${err instanceof Error ? err.message : String(err)}\n`, exitCode: 1 };
  }
}

/** Juju's uniter wording for a call whose context id is not the running hook's. */
function refusal(contextId: string, expected: string): ToolOutput {
  return {
    stdout: "",
    stderr: `ERROR expected context id ${JSON.stringify(expected)}, got ${JSON.stringify(contextId)}\n`,
    exitCode: 1,
  };
}

function recordOf(
  request: ToolRequest,
): Omit<ToolCallRecord, "seq" | "exitCode" | "stdout" | "stderr" | "outputTruncated"> {
  const { contextId, tool, args, cwd, stdin } = request;
  return { contextId, tool, args, cwd, ...(stdin === undefined ? {} : { stdin }) };
}

function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // Not there.
  }
}

/** Starts the hook-tool server on a unix socket at `socketPath` (the agent side of jujuc). */
export async function startToolServer(socketPath: string): Promise<ToolServer> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new Error(`socket path longer than ${MAX_SOCKET_PATH} bytes: ${socketPath}`);
  }
  const contexts = new Map<string, ServedContext>();
  const log: ToolCallRecord[] = [];
  const sockets = new Set<Socket>();

  const reply =
    (socket: Socket): Reply =>
    (response) =>
      new Promise((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once("close", () => resolve());
        socket.end(encodeResponse(response), () => resolve());
      });

  // The id of the context running for the caller's unit, "" when none: what Juju "expected".
  const expectedFor = (contextId: string) => {
    const unit = contextUnit(contextId);
    const running = [...contexts.values()].find((c) => c.isOpen && contextUnit(c.id) === unit);
    return running?.id ?? "";
  };

  const refuse = async (socket: Socket, request: ToolRequest) => {
    const output = refusal(request.contextId, expectedFor(request.contextId));
    log.push({
      ...recordOf(request),
      seq: 0,
      exitCode: output.exitCode,
      ...recordedOutput(output),
      refused: true,
    });
    await reply(socket)(output);
  };

  const handle = (socket: Socket, request: ToolRequest) => {
    const context = contexts.get(request.contextId);
    if (!context?.isOpen) return void refuse(socket, request);
    // Juju's ErrNoStdin round trip: only a call that reads stdin makes the client read it.
    if (request.stdinMode === "available" && readsStdin(request.args)) {
      return void reply(socket)({ wantsStdin: true });
    }
    context.enqueue(request, reply(socket), () => refuse(socket, request));
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined); // the tool died mid-call; nothing to answer
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let request: ToolRequest;
      try {
        const fields = decodeFrame(received);
        if (!fields) return;
        request = parseRequest(fields);
      } catch (err) {
        socket.off("data", onData);
        const message = err instanceof Error ? err.message : String(err);
        return void reply(socket)({
          stdout: "",
          stderr: `ERROR bad hook-tool request: ${message}\n`,
          exitCode: 1,
        });
      }
      socket.off("data", onData);
      handle(socket, request);
    };
    socket.on("data", onData);
  });

  removeStaleSocket(socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });

  return {
    socketPath,
    open(contextId, runner, options = {}) {
      if (contexts.get(contextId)?.isOpen) throw new Error(`hook context ${contextId} is already open`);
      const context = new ServedContext(contextId, runner, options.faults ?? [], log, () =>
        contexts.delete(contextId),
      );
      contexts.set(contextId, context);
      return context;
    },
    calls: () => log,
    async close() {
      for (const context of [...contexts.values()]) context.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
