import type * as z from "zod";
import { parseBaseUrl, type QueryParams, setQuery, urlBelow } from "../http/base-url";
import {
  exchangeWithRetry,
  type HttpRetryOptions,
  type HttpRetrySettings,
  httpRetrySettings,
} from "../http/http-retry";
import type { HttpExchangeResponse } from "../http/http-transport";
import { describeZodIssues } from "../http/zod-issues";
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

/** `retries`: further attempts of a GET that could not connect; 2 by default. */
export interface ServarrConnectionOptions extends HttpRetryOptions {
  app: ServarrApp;
  /** The app's base URL, URL base included: `http://radarr:7878/radarr`. */
  url: string;
  apiKey: string;
}

export interface ServarrRequest<T> {
  /** Query parameters (never credentials). */
  query?: QueryParams;
  body?: unknown;
  /** Checks and types the answer; without it the body is ignored. */
  schema?: z.ZodType<T>;
  /** A path below the base URL rather than below the API root (`/ping`). */
  outsideApi?: boolean;
  /** Send no key (anonymous endpoints). */
  anonymous?: boolean;
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class ServarrHttp {
  readonly app: ServarrApp;
  private readonly base: URL;
  private readonly apiKey: string;
  private readonly retry: HttpRetrySettings;

  constructor(options: ServarrConnectionOptions) {
    this.app = options.app;
    this.base = parseBaseUrl(options.url, options.app);
    this.apiKey = options.apiKey;
    this.retry = httpRetrySettings(options);
  }

  /** Performs the request; resolves with the checked body (undefined without a schema). */
  async request<T = undefined>(method: string, path: string, request: ServarrRequest<T> = {}): Promise<T> {
    const url = urlBelow(this.base, request.outsideApi ? "" : SERVARR_APPS[this.app].apiPath, path);
    setQuery(url, request.query);
    const info: ServarrRequestInfo = { app: this.app, method, path: url.pathname };
    const headers: Record<string, string> = { accept: "application/json" };
    if (!request.anonymous) headers["x-api-key"] = this.apiKey;
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);

    // A refused POST is not sent again either (unlike the download clients').
    const response = await exchangeWithRetry(
      this.retry,
      url,
      { method, headers, body },
      {
        idempotent: method === "GET",
        resendRefused: false,
        unreachable: (reason, code, cause) => new ServarrUnreachableError(info, reason, code, { cause }),
      },
    );
    if (response.status === 401) throw new ServarrAuthError(info);
    if (response.status < 200 || response.status >= 300) {
      const secrets = secretsIn(request.body);
      secrets.add(this.apiKey);
      throw new ServarrHttpError(info, response.status, scrubSecrets(this.errorBody(response), secrets));
    }
    if (!request.schema) return undefined as T;
    const parsed = request.schema.safeParse(parseBody(response.text));
    if (!parsed.success) throw new ServarrResponseError(info, describeZodIssues(parsed.error));
    return parsed.data;
  }

  /** The body to report; for a redirect, where it pointed (the path only). */
  private errorBody(response: HttpExchangeResponse): unknown {
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, this.base).pathname;
      return `redirected to ${target}: is the URL base in the client's URL?`;
    }
    return parseBody(response.text);
  }
}
