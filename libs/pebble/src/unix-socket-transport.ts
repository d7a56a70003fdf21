/**
 * HTTP/1.1 to Pebble over its unix socket. Pebble ignores the host part of the URL; the
 * socket is everything. This layer knows nothing of envelopes: it maps socket failures to
 * PebbleConnectionError and idle time-outs to TimeoutError, and hands back raw bytes.
 */
import http from "node:http";
import net from "node:net";
import { PebbleConnectionError, PebbleProtocolError, TimeoutError } from "./pebble-errors";

export type HttpMethod = "GET" | "POST";

/** Query values; a list repeats the key (`path=/a&path=/b`), undefined drops it. */
export type QueryParams = Record<string, string | readonly string[] | undefined>;

export interface PebbleRequest {
  method: HttpMethod;
  path: string;
  query?: QueryParams;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Idle time-out for this request in ms; long polls pass their wait plus the default. */
  timeoutMs?: number;
}

export interface RawResponse {
  statusCode: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** What the API modules need from a connection to Pebble. */
export interface PebbleTransport {
  readonly socketPath: string;
  /** Default idle time-out per request, in ms. */
  readonly timeoutMs: number;
  request(request: PebbleRequest): Promise<RawResponse>;
  /** A fresh socket connection, for websocket upgrades. */
  connect(): net.Socket;
}

/** Node error codes that mean "no Pebble there" rather than "Pebble said no". */
const CONNECTION_ERROR_CODES = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTSOCK",
  "EACCES",
  "EPIPE",
  "ENOTDIR",
]);

export function buildPath(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of typeof value === "string" ? [value] : value) params.append(key, item);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export class UnixSocketTransport implements PebbleTransport {
  // Keep-alive saves a connect per call when a hook makes many; idle sockets are unref'd by
  // the agent, so they never hold the process open.
  readonly #agent = new http.Agent({ keepAlive: true });

  constructor(
    readonly socketPath: string,
    readonly timeoutMs = 5_000,
  ) {}

  connect(): net.Socket {
    return net.connect({ path: this.socketPath });
  }

  request(request: PebbleRequest): Promise<RawResponse> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const target = buildPath(request.path, request.query);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = http.request(
        {
          socketPath: this.socketPath,
          agent: this.#agent,
          method: request.method,
          path: target,
          headers: { Host: "localhost", ...request.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", (error) => reject(this.#mapError(error, request)));
          res.on("end", () =>
            resolve({
              statusCode: res.statusCode ?? 0,
              statusMessage: res.statusMessage ?? "",
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.setTimeout(timeoutMs, () =>
        req.destroy(
          new TimeoutError(`${request.method} ${request.path}: no response within ${timeoutMs} ms`),
        ),
      );
      req.on("error", (error) => reject(this.#mapError(error, request)));
      req.end(request.body);
    });
  }

  /** Drop pooled connections (tests; a hook process simply exits). */
  close(): void {
    this.#agent.destroy();
  }

  #mapError(error: Error, request: PebbleRequest): Error {
    return mapSocketError(this.socketPath, error, `${request.method} ${request.path}`);
  }
}

/** Socket failures → PebbleConnectionError, garbled HTTP → PebbleProtocolError; `what` names the call. */
export function mapSocketError(socketPath: string, error: Error, what: string): Error {
  if (error instanceof TimeoutError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && CONNECTION_ERROR_CODES.has(code)) {
    return new PebbleConnectionError(
      socketPath,
      `cannot connect to Pebble at ${socketPath} (${what}): ${code}`,
      {
        cause: error,
      },
    );
  }
  // llhttp's codes: the peer is not speaking HTTP/1.1.
  if (code?.startsWith("HPE_")) {
    return new PebbleProtocolError(`${what}: malformed HTTP response (${code})`, { cause: error });
  }
  return error;
}
