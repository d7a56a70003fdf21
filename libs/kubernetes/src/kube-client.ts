import { Agent, request } from "node:https";
import type { InClusterConfig } from "./in-cluster";
import { KubeApiError, KubeRequestError, statusError } from "./kube-errors";

/** The content types of PATCH (spec: kubernetes-and-storage.md §3.4). */
export const PATCH_TYPES = {
  strategic: "application/strategic-merge-patch+json",
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
} as const;
export type PatchType = keyof typeof PATCH_TYPES;

export interface KubeClientOptions {
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Extra attempts of an idempotent call after a 409 Conflict, 429, 5xx or network error; default 3. */
  retries?: number;
  /** First retry delay, doubled each time (a Retry-After header wins, up to 2 s); default 200 ms. */
  retryDelayMs?: number;
}

export interface KubeRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  /** Default application/json. */
  contentType?: string;
  /** Safe to send again after a failure (GET, DELETE, merge and strategic patches). */
  idempotent: boolean;
}

/** The most of a response body the client reads: the objects we touch are a few KB. */
const MAX_BODY = 4 * 1024 * 1024;
const MAX_RETRY_DELAY_MS = 2000;

interface RawResponse {
  status: number;
  contentType: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

/**
 * HTTPS to the API server with the pod's bearer token, verifying the server against the
 * service-account CA. One client per hook: the token is the one read at the hook's start.
 */
export class KubeClient {
  readonly namespace: string;
  readonly server: string;
  readonly #token: string;
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;

  constructor(config: InClusterConfig, options: KubeClientOptions = {}) {
    this.namespace = config.namespace;
    this.server = config.server;
    this.#token = config.token;
    this.#agent = new Agent({ ca: config.ca, keepAlive: true, maxSockets: 4 });
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retries = options.retries ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 200;
  }

  /** Close kept-alive connections, so the hook's process can end. */
  close(): void {
    this.#agent.destroy();
  }

  /**
   * One call: the parsed JSON body of a 2xx answer, a KubeApiError for a Status, a
   * KubeRequestError otherwise. Idempotent calls are retried a bounded number of times.
   */
  async request<T>(req: KubeRequest): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let raw: RawResponse;
      try {
        raw = await this.#send(req);
      } catch (err) {
        const retry = req.idempotent && err instanceof KubeRequestError && err.kind === "network";
        if (!retry || attempt >= this.#retries) throw err;
        await sleep(this.#delay(attempt, undefined));
        continue;
      }
      if (raw.status >= 200 && raw.status < 300) return parseSuccess<T>(raw);
      const error = failure(raw);
      if (!req.idempotent || attempt >= this.#retries || !retryable(error)) throw error;
      await sleep(this.#delay(attempt, raw.retryAfter));
    }
  }

  #delay(attempt: number, retryAfter: string | undefined): number {
    const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
    const ms = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : this.#retryDelayMs * 2 ** attempt;
    return Math.min(ms, MAX_RETRY_DELAY_MS);
  }

  #send(req: KubeRequest): Promise<RawResponse> {
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      Accept: "application/json",
      Authorization: `Bearer ${this.#token}`,
    };
    if (body !== undefined) {
      headers["Content-Type"] = req.contentType ?? "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(body));
    }
    const url = new URL(req.path, this.server);
    return new Promise<RawResponse>((resolve, reject) => {
      const call = request(url, { method: req.method, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            call.destroy(
              new KubeRequestError(
                "http",
                `${req.method} ${req.path}: response over ${MAX_BODY} bytes`,
                res.statusCode,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers["content-type"],
            retryAfter:
              typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : undefined,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", (err) => reject(asRequestError(req, err)));
      });
      call.setTimeout(this.#timeoutMs, () =>
        call.destroy(
          new KubeRequestError("timeout", `${req.method} ${req.path}: no answer in ${this.#timeoutMs} ms`),
        ),
      );
      call.on("error", (err) => reject(asRequestError(req, err)));
      call.end(body);
    });
  }
}

function asRequestError(req: KubeRequest, err: unknown): KubeRequestError {
  if (err instanceof KubeRequestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new KubeRequestError("network", `${req.method} ${req.path}: ${message}`, undefined, { cause: err });
}

/** Kubernetes serves JSON as exactly `application/json`; a parameter is tolerated on success only. */
function parseSuccess<T>(raw: RawResponse): T {
  if (raw.status === 204 || raw.body === "") return undefined as T;
  try {
    return JSON.parse(raw.body) as T;
  } catch {
    throw new KubeRequestError("http", `HTTP ${raw.status}: the answer is not JSON`, raw.status);
  }
}

function failure(raw: RawResponse): KubeApiError | KubeRequestError {
  if (raw.contentType === "application/json") {
    let body: unknown;
    try {
      body = JSON.parse(raw.body);
    } catch {
      body = undefined;
    }
    const error = statusError(raw.status, body);
    if (error) return error;
  }
  // Not the API's verdict (a proxy, a load balancer): no body text, it may be anything.
  return new KubeRequestError("http", `HTTP ${raw.status} without a Kubernetes Status`, raw.status);
}

function retryable(error: KubeApiError | KubeRequestError): boolean {
  const code = error instanceof KubeApiError ? error.code : (error.httpStatus ?? 0);
  // AlreadyExists is a 409 too, but sending the same create again cannot succeed.
  if (code === 409) return error instanceof KubeApiError && error.reason === "Conflict";
  return code === 429 || code >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
