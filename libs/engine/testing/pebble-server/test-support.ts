// Test helpers: a minimal Pebble HTTP client over the unix socket (node:http + ws), independent of
// libs/pebble on purpose, and a throwaway server fixture.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { hostProcessLauncher } from "../../src/pebble-server/container-sandbox";
import {
  type PebbleServer,
  type PebbleServerOptions,
  startPebbleServer,
} from "../../src/pebble-server/pebble-server";

export interface Envelope<T = unknown> {
  type: "sync" | "async" | "error";
  "status-code": number;
  status: string;
  change?: string;
  result?: T;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ChangeJson {
  id: string;
  kind: string;
  summary: string;
  status: string;
  ready: boolean;
  err?: string;
  "spawn-time": string;
  "ready-time"?: string;
  data?: Record<string, unknown>;
  tasks?: {
    id: string;
    kind: string;
    summary: string;
    status: string;
    log?: string[];
    progress: { label: string; done: number; total: number };
    data?: Record<string, unknown>;
  }[];
}

export interface ExecOptions {
  environment?: Record<string, string>;
  workingDir?: string;
  timeout?: string;
  stdin?: string;
  splitStderr?: boolean;
  user?: string;
  serviceContext?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  change: ChangeJson;
}

export class PebbleTestClient {
  constructor(readonly socketPath: string) {}

  raw(
    method: string,
    path: string,
    body?: Buffer | string,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ socketPath: this.socketPath, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  async json<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Envelope<T> & { httpStatus: number }> {
    const res = await this.raw(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? {} : { "Content-Type": "application/json" },
    );
    return { ...(JSON.parse(res.body.toString()) as Envelope<T>), httpStatus: res.status };
  }

  get<T = unknown>(path: string) {
    return this.json<T>("GET", path);
  }

  post<T = unknown>(path: string, body: unknown) {
    return this.json<T>("POST", path, body);
  }

  async addLayer(label: string, layer: string, combine = false) {
    return this.post<boolean>("/v1/layers", { action: "add", label, format: "yaml", layer, combine });
  }

  async plan(): Promise<string> {
    return (await this.get<string>("/v1/plan?format=yaml")).result as string;
  }

  async waitChange(id: string, timeout = "30s"): Promise<ChangeJson> {
    const res = await this.get<ChangeJson>(`/v1/changes/${id}/wait?timeout=${timeout}`);
    if (res.type === "error") throw new Error(`wait failed: ${JSON.stringify(res.result)}`);
    return res.result as ChangeJson;
  }

  /** POSTs a service action and waits for its change. */
  async services(action: string, services: string[] = []): Promise<ChangeJson> {
    const res = await this.post("/v1/services", { action, services });
    if (res.type !== "async" || !res.change)
      throw new Error(`${action} failed: ${JSON.stringify(res.result)}`);
    return this.waitChange(res.change);
  }

  async serviceStatus(name: string): Promise<string | undefined> {
    const res = await this.get<{ name: string; current: string }[]>(`/v1/services?names=${name}`);
    return res.result?.[0]?.current;
  }

  /** Pushes one file the way ops does (32-hex boundary, request part then file part). */
  async push(path: string, content: string | Buffer, meta: Record<string, unknown> = {}) {
    const boundary = randomBytes(16).toString("hex");
    const request = JSON.stringify({ action: "write", files: [{ path, ...meta }] });
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name="request"\r\n\r\n${request}\r\n` +
          `--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: form-data; name="files"; filename="${path}"\r\n\r\n`,
      ),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await this.raw("POST", "/v1/files", body, {
      "Content-Type": `multipart/form-data; boundary="${boundary}"`,
    });
    return JSON.parse(res.body.toString()) as Envelope<
      { path: string; error?: { message: string; kind?: string } }[]
    >;
  }

  /** Pulls files; returns the file parts by filename and the response part. */
  async pull(...paths: string[]) {
    const query = paths.map((p) => `path=${encodeURIComponent(p)}`).join("&");
    const res = await this.raw("GET", `/v1/files?action=read&${query}`, undefined, {
      Accept: "multipart/form-data",
    });
    const boundary = /boundary=(.+)$/.exec(String(res.headers["content-type"]))?.[1] ?? "";
    const files = new Map<string, Buffer>();
    let response: Envelope<{ path: string; error?: { message: string; kind: string } }[]> | undefined;
    const text = res.body.toString("latin1");
    for (const chunk of text.split(`--${boundary}`).slice(1, -1)) {
      const [head = "", ...rest] = chunk.replace(/^\r\n/, "").split("\r\n\r\n");
      const content = Buffer.from(rest.join("\r\n\r\n").replace(/\r\n$/, ""), "latin1");
      const filename = /filename="([^"]*)"/.exec(head)?.[1];
      if (filename !== undefined) files.set(filename, content);
      else if (/name="response"/.test(head)) response = JSON.parse(content.toString());
    }
    return { status: res.status, contentType: String(res.headers["content-type"]), files, response };
  }

  /** Runs a command through /v1/exec and its websockets, like ops' ExecProcess.wait_output. */
  async exec(command: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const res = await this.post<{ "task-id": string }>("/v1/exec", {
      command,
      environment: options.environment ?? {},
      "working-dir": options.workingDir,
      timeout: options.timeout,
      "split-stderr": options.splitStderr ?? true,
      user: options.user,
      "service-context": options.serviceContext,
    });
    if (res.type !== "async") throw new Error(`exec failed: ${JSON.stringify(res.result)}`);
    const taskId = res.result?.["task-id"] as string;
    const control = await this.websocket(taskId, "control");
    const stdio = await this.websocket(taskId, "stdio");
    const stderr = options.splitStderr === false ? undefined : await this.websocket(taskId, "stderr");
    if (options.stdin !== undefined) stdio.ws.send(Buffer.from(options.stdin), { binary: true });
    stdio.ws.send(JSON.stringify({ command: "end" }));
    const change = await this.waitChange(res.change as string);
    const result = {
      exitCode: Number(change.tasks?.[0]?.data?.["exit-code"] ?? -1),
      stdout: await stdio.output,
      stderr: stderr ? await stderr.output : "",
      change,
    };
    for (const socket of [control, stdio, stderr]) socket?.ws.close();
    return result;
  }

  /** Connects a task websocket; frames are recorded from the first one on. */
  websocket(taskId: string, id: string): Promise<TaskSocket> {
    return new Promise((resolve, reject) => {
      const socket = new TaskSocket(
        new WebSocket(`ws+unix://${this.socketPath}:/v1/tasks/${taskId}/websocket/${id}`),
      );
      socket.ws.once("open", () => resolve(socket));
      socket.ws.once("error", reject);
      socket.ws.once("unexpected-response", (_req, res) =>
        reject(new Error(`websocket ${id}: HTTP ${res.statusCode}`)),
      );
    });
  }
}

/** A task websocket that keeps what it receives: binary output until the end command. */
export class TaskSocket {
  readonly textFrames: string[] = [];
  /** Everything sent as binary until {"command":"end"} (or the close). */
  readonly output: Promise<string>;
  readonly #chunks: Buffer[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    this.output = new Promise((resolve) => {
      const chunks = this.#chunks;
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (isBinary) {
          chunks.push(data);
          for (const wake of this.#waiters) wake();
          return;
        }
        this.textFrames.push(data.toString());
        if (JSON.parse(data.toString()).command === "end") resolve(Buffer.concat(chunks).toString());
      });
      ws.on("close", () => {
        resolve(Buffer.concat(chunks).toString());
        for (const wake of this.#waiters) wake();
      });
    });
  }

  /** Resolves once the binary output so far contains `text`; rejects if the socket closes first. */
  until(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (Buffer.concat(this.#chunks).toString().includes(text)) {
          this.#waiters.delete(check);
          resolve();
        } else if (this.ws.readyState === this.ws.CLOSED) {
          this.#waiters.delete(check);
          reject(new Error(`the socket closed before ${JSON.stringify(text)} arrived`));
        }
      };
      this.#waiters.add(check);
      check();
    });
  }
}

export interface TestServer {
  server: PebbleServer;
  client: PebbleTestClient;
  rootDir: string;
  dispose(): Promise<void>;
}

/** A server on a fresh temp dir; `sandbox` defaults to the host launcher (fast, no bwrap). */
export async function startTestServer(options: Partial<PebbleServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "pebble-test-"));
  const rootDir = join(dir, "root");
  const server = await startPebbleServer({
    socketPath: join(dir, "pebble.socket"),
    rootDir,
    sandbox: hostProcessLauncher(),
    okayDelayMs: 300,
    ...options,
  });
  return {
    server,
    client: new PebbleTestClient(server.socketPath),
    rootDir: server.rootDir,
    async dispose() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined (or throws after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A loopback TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Whether bubblewrap can make sandboxes here (it needs user namespaces or root). */
export function bwrapWorks(): boolean {
  try {
    execFileSync("bwrap", ["--ro-bind", "/", "/", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
