import type * as z from "zod";
import {
  SabnzbdAccessDeniedError,
  SabnzbdAuthError,
  SabnzbdHttpError,
  SabnzbdRefusedError,
  type SabnzbdRequestInfo,
  SabnzbdResponseError,
  SabnzbdUnreachableError,
} from "./sabnzbd-errors";

// One call to SABnzbd's /api (specs/workloads.md §2.4): every parameter, the key included, goes
// in a form-encoded POST body, never in the URL (the app takes GET and POST alike; a key in a URL
// ends up in access logs, proxies and error messages). `output=json` always; the 403s of the
// access, host and key checks are plain text and are typed here.

export interface SabnzbdConnectionOptions {
  /** `http://<address>:<port>`; a URL base (`/sabnzbd`) may be included: /api is below it. */
  url: string;
  apiKey: string;
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  /** Further attempts of a call that could not connect; 2 by default. */
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
}

export type ApiParams = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface SabnzbdRequest<T> {
  schema: z.ZodType<T>;
  /** Send no key (mode=version, mode=auth). */
  anonymous?: boolean;
  /** Read-only calls may be sent again after a connection failure. */
  idempotent?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 200;
const MAX_BODY = 300;
const SECRET_KEYWORD = /key|password|pwd|token|secret/i;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

/**
 * Form-encodes API parameters: lists as SABnzbd's comma-separated strings, booleans as 1/0,
 * undefined ones left out. Every character that needs it is percent-encoded.
 */
export function encodeApiParams(params: ApiParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    let text: string;
    if (typeof value === "boolean") text = value ? "1" : "0";
    else if (Array.isArray(value)) text = value.join(", ");
    else text = String(value);
    form.append(name, text);
  }
  return form.toString();
}

export class SabnzbdHttp {
  private readonly endpoint: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor(readonly options: SabnzbdConnectionOptions) {
    const base = new URL(options.url);
    if (base.search || base.username || base.password) {
      throw new TypeError("SABnzbd: the base URL must carry no query and no credentials");
    }
    this.endpoint = new URL(base.href);
    this.endpoint.pathname = `${base.pathname.replace(/\/+$/, "")}/api`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Calls `mode` with `params`; resolves with the checked JSON answer. */
  async call<T>(mode: string, params: ApiParams, request: SabnzbdRequest<T>): Promise<T> {
    const info: SabnzbdRequestInfo = {
      mode: mode === "config" && typeof params.name === "string" ? `${mode}&name=${params.name}` : mode,
    };
    const fields: ApiParams = {
      ...params,
      mode,
      output: "json",
      apikey: request.anonymous ? undefined : this.options.apiKey,
    };
    const { response, text } = await this.exchange(
      info,
      encodeApiParams(fields),
      request.idempotent ?? false,
    );
    const body = this.scrub(text.trim(), fields);
    if (response.status === 403) {
      if (body === "API Key Required") throw new SabnzbdAuthError(info, "missing");
      if (body === "API Key Incorrect") throw new SabnzbdAuthError(info, "incorrect");
      const reason = /hostname/i.test(body)
        ? "hostname"
        : /external internet access/i.test(body)
          ? "external"
          : "other";
      throw new SabnzbdAccessDeniedError(info, reason, body);
    }
    if (response.status < 200 || response.status >= 300)
      throw new SabnzbdHttpError(info, response.status, body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SabnzbdResponseError(info, "the body is not JSON");
    }
    if (typeof parsed === "object" && parsed !== null && (parsed as { status?: unknown }).status === false) {
      const error = (parsed as { error?: unknown }).error;
      throw new SabnzbdRefusedError(
        info,
        this.scrub(typeof error === "string" ? error : "no reason given", fields),
      );
    }
    const result = request.schema.safeParse(parsed);
    if (!result.success) {
      const where = result.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`)
        .join(", ");
      throw new SabnzbdResponseError(info, where);
    }
    return result.data;
  }

  /** A body without the keys (and secret values) the request carried, and not too long. */
  private scrub(text: string, fields: ApiParams): string {
    const secrets = [fields.apikey, fields.key];
    if (typeof fields.keyword === "string" && SECRET_KEYWORD.test(fields.keyword)) secrets.push(fields.value);
    let out = text;
    for (const secret of secrets) {
      if (typeof secret === "string" && secret.length >= 4) out = out.replaceAll(secret, "***");
    }
    return out.length > MAX_BODY ? `${out.slice(0, MAX_BODY)}…` : out;
  }

  private async exchange(
    info: SabnzbdRequestInfo,
    body: string,
    idempotent: boolean,
  ): Promise<{ response: Response; text: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.fetch(this.endpoint, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body,
          // Redirects are not followed: the form (and the key) would go wherever Location points.
          redirect: "manual",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        return { response, text: await response.text() };
      } catch (error) {
        const reason = classify(error);
        if (!reason) throw error;
        const code = networkErrorCode(error);
        const retryable = reason === "connection" && (idempotent || code === "ECONNREFUSED");
        if (retryable && attempt < this.retries) {
          await sleep(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new SabnzbdUnreachableError(info, reason, code, { cause: error });
      }
    }
  }
}
