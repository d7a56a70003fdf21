import type * as z from "zod";
import { SERVARR_APPS, type ServarrApp } from "./servarr-app";
import {
  ServarrAuthError,
  ServarrHttpError,
  type ServarrRequestInfo,
  ServarrResponseError,
  ServarrUnreachableError,
  scrubSecrets,
  secretsIn,
} from "./servarr-errors";

// One HTTP exchange with a Servarr app: the key goes in the X-Api-Key header only (a key in a
// URL ends up in access logs and error messages), every attempt has a timeout, and only GETs are
// retried, only when no connection was made: anything else may already have changed the app.

export interface ServarrConnectionOptions {
  app: ServarrApp;
  /** The app's base URL, URL base included: `http://radarr:7878/radarr`. */
  url: string;
  apiKey: string;
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  /** Further attempts of a GET that could not connect; 2 by default. */
  retries?: number;
  /** The first retry's delay, doubled for each next one; 200 ms by default. */
  retryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
}

export interface ServarrRequest<T> {
  /** Query parameters (never credentials). */
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  body?: unknown;
  /** Checks and types the answer; without it the body is ignored. */
  schema?: z.ZodType<T>;
  /** A path below the base URL rather than below the API root (`/ping`). */
  outsideApi?: boolean;
  /** Send no key (anonymous endpoints). */
  anonymous?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 200;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The system error code behind a failed fetch (undici wraps it, sometimes in an AggregateError). */
function networkErrorCode(error: unknown): string | undefined {
  let cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof AggregateError) cause = cause.errors[0];
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

function classify(error: unknown): "timeout" | "connection" | undefined {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "timeout";
  }
  if (error instanceof TypeError && error.cause !== undefined) return "connection";
  return undefined;
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Where a zod check failed, without the offending values. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`)
    .join(", ");
}

export class ServarrHttp {
  readonly app: ServarrApp;
  private readonly base: URL;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor(options: ServarrConnectionOptions) {
    this.app = options.app;
    this.base = new URL(options.url);
    if (this.base.search || this.base.username || this.base.password) {
      throw new TypeError(`${options.app}: the base URL must carry no query and no credentials`);
    }
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Performs the request; resolves with the checked body (undefined without a schema). */
  async request<T = undefined>(method: string, path: string, request: ServarrRequest<T> = {}): Promise<T> {
    const url = new URL(this.base.href);
    const prefix = request.outsideApi ? "" : SERVARR_APPS[this.app].apiPath;
    url.pathname = `${this.base.pathname.replace(/\/+$/, "")}${prefix}/${path.replace(/^\/+/, "")}`;
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const info: ServarrRequestInfo = { app: this.app, method, path: url.pathname };
    const headers: Record<string, string> = { accept: "application/json" };
    if (!request.anonymous) headers["x-api-key"] = this.apiKey;
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);

    const { response, text } = await this.exchange(info, url, { method, headers, body });
    if (response.status === 401) throw new ServarrAuthError(info);
    if (response.status < 200 || response.status >= 300) {
      const secrets = secretsIn(request.body);
      secrets.add(this.apiKey);
      throw new ServarrHttpError(
        info,
        response.status,
        scrubSecrets(this.errorBody(response, text), secrets),
      );
    }
    if (!request.schema) return undefined as T;
    const parsed = request.schema.safeParse(parseBody(text));
    if (!parsed.success) throw new ServarrResponseError(info, describeIssues(parsed.error));
    return parsed.data;
  }

  private async exchange(
    info: ServarrRequestInfo,
    url: URL,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
  ): Promise<{ response: Response; text: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Redirects are not followed: the key would go wherever Location points.
        const response = await this.fetch(url, {
          ...init,
          redirect: "manual",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        return { response, text: await response.text() };
      } catch (error) {
        const reason = classify(error);
        if (!reason) throw error;
        if (reason === "connection" && init.method === "GET" && attempt < this.retries) {
          await sleep(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new ServarrUnreachableError(info, reason, networkErrorCode(error), { cause: error });
      }
    }
  }

  /** The body to report; for a redirect, where it pointed (the path only). */
  private errorBody(response: Response, text: string): unknown {
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, this.base).pathname;
      return `redirected to ${target}: is the URL base in the client's URL?`;
    }
    return parseBody(text);
  }
}
