/**
 * TEST FIXTURE (never shipped to charms; the real Pebble server for the test engine lives in
 * libs/engine): an HTTP server on a real unix socket that speaks Pebble's wire format
 * (spec A.1–A.10) over in-memory state. It records every request, so tests can assert on
 * exactly what the client sent, and lets a test intercept any request to answer with
 * something odd (a 504 on `/wait`, a wrong content type, a garbled multipart body).
 */
import { mkdtemp, rm } from "node:fs/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { multipartBoundary, newBoundary, parseMultipart } from "../src/multipart";
import { ChangeStore, changeToWire, isReady } from "./fake-changes";
import { FakeChecks } from "./fake-checks";
import { FakeExec } from "./fake-exec";
import { FakeFilesystem } from "./fake-files";
import { FakeNotices } from "./fake-notices";
import { FakePlan } from "./fake-plan";
import { FakeServices } from "./fake-services";
import {
  badRequest,
  envelope,
  formatGoDuration,
  HttpError,
  notFound,
  parseGoDuration,
  sendAsync,
  sendError,
  sendSync,
} from "./wire-responses";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Return true when the request was answered; false passes it on to the normal routes. */
export type Interceptor = (request: RecordedRequest, res: ServerResponse) => boolean | Promise<boolean>;

type Handler = (request: RecordedRequest, res: ServerResponse, params: string[]) => void | Promise<void>;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
}

export function jsonBody(request: RecordedRequest): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(request.body.toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through to the same error as Pebble's decoder
  }
  throw badRequest("cannot decode request body into command");
}

export class WireFormatServer {
  readonly requests: RecordedRequest[] = [];
  readonly changes = new ChangeStore();
  readonly plan = new FakePlan();
  readonly services = new FakeServices(this.plan, this.changes);
  readonly checks = new FakeChecks(this.plan);
  readonly files = new FakeFilesystem();
  readonly notices = new FakeNotices();
  readonly exec = new FakeExec(this.changes);
  readonly bootId = "4d2a7c0e-1f63-4b1e-9a55-0c8f3b6d2e11";
  readonly version = "1.19.0";
  readonly #interceptors: Interceptor[] = [];
  readonly #server = http.createServer((req, res) => void this.#handle(req, res));
  readonly #routes: Route[];

  private constructor(
    readonly socketPath: string,
    readonly dir: string,
  ) {
    this.#routes = this.#buildRoutes();
    this.#server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      this.requests.push({
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.alloc(0),
      });
      const match = /^\/v1\/tasks\/([^/]+)\/websocket\/([^/]+)$/.exec(url.pathname);
      if (!match) {
        socket.destroy();
        return;
      }
      this.exec.upgrade(req, socket, head, decodeURIComponent(match[1] as string), match[2] as string);
    });
  }

  static async start(): Promise<WireFormatServer> {
    const dir = await mkdtemp(join(tmpdir(), "pebble-wire-"));
    const server = new WireFormatServer(join(dir, "pebble.socket"), dir);
    await new Promise<void>((resolve, reject) => {
      server.#server.once("error", reject);
      server.#server.listen(server.socketPath, resolve);
    });
    return server;
  }

  /** Answer matching requests yourself; interceptors run in the order added. */
  intercept(interceptor: Interceptor): void {
    this.#interceptors.push(interceptor);
  }

  /** Recorded requests to exactly this path. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.exec.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
    const request: RecordedRequest = {
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(request);
    try {
      for (const interceptor of this.#interceptors) {
        if (await interceptor(request, res)) return;
      }
      for (const route of this.#routes) {
        const match = route.pattern.exec(request.path);
        if (!match) continue;
        const handler = route.methods[request.method];
        if (!handler) throw new HttpError(405, `method "${request.method}" not allowed`);
        await handler(request, res, match.slice(1).map(decodeURIComponent));
        return;
      }
      throw notFound("invalid API endpoint requested");
    } catch (error) {
      if (error instanceof HttpError) sendError(res, error.status, error.message, error.kind, error.value);
      else sendError(res, 500, (error as Error).message);
    }
  }

  #buildRoutes(): Route[] {
    const list = (query: URLSearchParams, key: string) =>
      query
        .getAll(key)
        .flatMap((v) => v.split(","))
        .filter(Boolean);
    return [
      {
        pattern: /^\/v1\/system-info$/,
        methods: { GET: (_r, res) => sendSync(res, { "boot-id": this.bootId, version: this.version }) },
      },
      {
        pattern: /^\/v1\/plan$/,
        methods: {
          GET: (r, res) => {
            const format = r.query.get("format");
            if (format !== "yaml") throw badRequest(`invalid format "${format ?? ""}"`);
            sendSync(res, this.plan.toYaml());
          },
        },
      },
      {
        pattern: /^\/v1\/layers$/,
        methods: {
          POST: (r, res) => {
            this.plan.add(jsonBody(r));
            sendSync(res, true);
          },
        },
      },
      {
        pattern: /^\/v1\/services$/,
        methods: {
          GET: (r, res) => sendSync(res, this.services.list(list(r.query, "names"))),
          POST: (r, res) => {
            const body = jsonBody(r);
            sendAsync(res, this.services.act(body.action, body.services));
          },
        },
      },
      {
        pattern: /^\/v1\/signals$/,
        methods: {
          POST: (r, res) => {
            const body = jsonBody(r);
            this.services.signal(body.signal, body.services);
            sendSync(res, true);
          },
        },
      },
      {
        pattern: /^\/v1\/changes$/,
        methods: {
          GET: (r, res) => {
            const select = r.query.get("select") ?? "in-progress";
            if (!["all", "in-progress", "ready"].includes(select))
              throw badRequest(`select should be one of: all,in-progress,ready`);
            const service = r.query.get("for");
            const changes = this.changes
              .list()
              .filter((c) => select === "all" || (select === "ready") === isReady(c))
              .filter(
                (c) =>
                  !service || ((c.data?.["service-names"] as string[] | undefined) ?? []).includes(service),
              );
            sendSync(res, changes.map(changeToWire));
          },
        },
      },
      {
        pattern: /^\/v1\/changes\/([^/]+)$/,
        methods: {
          GET: (_r, res, [id]) => sendSync(res, changeToWire(this.#change(id as string))),
          POST: (r, res, [id]) => {
            const change = this.#change(id as string);
            if (jsonBody(r).action !== "abort") throw badRequest('change action must be "abort"');
            if (isReady(change)) throw badRequest(`cannot abort change ${change.id} with nothing pending`);
            sendSync(res, changeToWire(change));
          },
        },
      },
      {
        pattern: /^\/v1\/changes\/([^/]+)\/wait$/,
        methods: {
          GET: async (r, res, [id]) => {
            const change = this.#change(id as string);
            const timeout = r.query.get("timeout");
            const ms = timeout ? parseGoDuration(timeout) : Number.POSITIVE_INFINITY;
            if (!(await this.changes.waitReady(change.id, ms))) {
              throw new HttpError(504, `timed out waiting for change after ${formatGoDuration(ms)}`);
            }
            sendSync(res, changeToWire(change));
          },
        },
      },
      {
        pattern: /^\/v1\/files$/,
        methods: { GET: (r, res) => this.#filesGet(r, res), POST: (r, res) => this.#filesPost(r, res) },
      },
      {
        pattern: /^\/v1\/exec$/,
        methods: {
          POST: (r, res) => {
            const { changeId, result } = this.exec.start(jsonBody(r));
            sendAsync(res, changeId, result);
          },
        },
      },
      {
        pattern: /^\/v1\/checks$/,
        methods: {
          GET: (r, res) => sendSync(res, this.checks.list(r.query.get("level"), list(r.query, "names"))),
          POST: (r, res) => {
            const body = jsonBody(r);
            sendSync(res, this.checks.act(body.action, body.checks));
          },
        },
      },
      {
        pattern: /^\/v1\/notices$/,
        methods: {
          GET: (r, res) => sendSync(res, this.notices.list(r.query)),
          POST: (r, res) => sendSync(res, this.notices.add(jsonBody(r))),
        },
      },
      {
        pattern: /^\/v1\/notices\/([^/]+)$/,
        methods: { GET: (_r, res, [id]) => sendSync(res, this.notices.get(id as string)) },
      },
    ];
  }

  #change(id: string) {
    const change = this.changes.get(id);
    if (!change) throw notFound(`cannot find change with id "${id}"`);
    return change;
  }

  #filesGet(r: RecordedRequest, res: ServerResponse): void {
    const action = r.query.get("action");
    if (action === "list") {
      const path = r.query.get("path") ?? "";
      sendSync(res, this.files.list(path, r.query.get("pattern"), r.query.get("itself") === "true"));
      return;
    }
    if (action !== "read") throw badRequest(`invalid action "${action ?? ""}"`);
    if (r.headers.accept !== "multipart/form-data") throw badRequest(`must accept multipart/form-data`);
    // Go's multipart.Writer: an unquoted 60-hex-digit boundary, file parts, then "response".
    const boundary = newBoundary() + newBoundary().slice(0, 28);
    const parts: Buffer[] = [];
    const results: Record<string, unknown>[] = [];
    for (const path of r.query.getAll("path")) {
      const read = this.files.read(path);
      if ("error" in read) {
        results.push({ path, error: read.error });
        continue;
      }
      results.push({ path });
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${path}"\r\n` +
            `Content-Type: application/octet-stream\r\n\r\n`,
        ),
        read.content,
        Buffer.from("\r\n"),
      );
    }
    const meta = JSON.stringify(envelope("sync", 200, { result: results }));
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="response"\r\nContent-Type: application/json\r\n\r\n${meta}\r\n--${boundary}--\r\n`,
      ),
    );
    const body = Buffer.concat(parts);
    res.writeHead(200, {
      "Content-Type": `multipart/form-data; boundary=${boundary}`,
      "Content-Length": body.length,
    });
    res.end(body);
  }

  #filesPost(r: RecordedRequest, res: ServerResponse): void {
    const type = (r.headers["content-type"] ?? "").split(";")[0]?.trim();
    if (type === "multipart/form-data") {
      sendSync(res, this.#write(r));
      return;
    }
    if (type !== "application/json")
      throw badRequest(`content-type must be application/json or multipart/form-data`);
    const body = jsonBody(r);
    const items = (key: string) => (Array.isArray(body[key]) ? (body[key] as Record<string, unknown>[]) : []);
    const result = (path: unknown, error: unknown) => (error ? { path, error } : { path });
    switch (body.action) {
      case "make-dirs":
        sendSync(
          res,
          items("dirs").map((d) => result(d.path, this.files.makeDir(String(d.path), d))),
        );
        return;
      case "remove":
        sendSync(
          res,
          items("paths").map((p) => result(p.path, this.files.remove(String(p.path), p.recursive === true))),
        );
        return;
      case "write":
        throw badRequest(`must use multipart with "write" action`);
      default:
        throw badRequest(`invalid action "${String(body.action)}"`);
    }
  }

  #write(r: RecordedRequest): Record<string, unknown>[] {
    const boundary = multipartBoundary(r.headers["content-type"]);
    if (boundary.length < 32) throw badRequest(`boundary too short`);
    const [first, ...fileParts] = parseMultipart(r.body, boundary);
    if (first?.name !== "request") throw badRequest(`must include request field as first part`);
    const request = JSON.parse(first.body.toString("utf8")) as {
      action?: string;
      files?: Record<string, unknown>[];
    };
    if (request.action !== "write")
      throw badRequest(`multipart action must be "write", got "${request.action}"`);
    const files = request.files ?? [];
    if (files.length === 0) throw badRequest("must specify one or more files");
    const contents = new Map<string, Buffer>();
    for (const part of fileParts) {
      if (part.name !== "files" || !files.some((f) => f.path === part.filename)) {
        throw badRequest(`no metadata for path "${part.filename ?? ""}"`);
      }
      contents.set(part.filename as string, part.body);
    }
    return files.map((meta) => {
      const path = String(meta.path);
      const content = contents.get(path);
      const error = content
        ? this.files.write(path, content, meta)
        : { message: `no file content for path "${path}"`, kind: "generic-file-error" };
      return error ? { path, error } : { path };
    });
  }
}
