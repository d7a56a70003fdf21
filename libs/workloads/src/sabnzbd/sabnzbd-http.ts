import type * as z from "zod";
import { parseBaseUrl, urlBelow } from "../http/base-url";
import {
  exchangeWithRetry,
  type HttpRetryOptions,
  type HttpRetrySettings,
  httpRetrySettings,
} from "../http/http-retry";
import { scrubText } from "../http/scrub-text";
import { describeZodIssues } from "../http/zod-issues";
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

/** `retries`: further attempts of a call that could not connect (idempotent ones, and any refused before it was sent); 2 by default. */
export interface SabnzbdConnectionOptions extends HttpRetryOptions {
  /** `http://<address>:<port>`; a URL base (`/sabnzbd`) may be included: /api is below it. */
  url: string;
  apiKey: string;
}

export type ApiParams = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface SabnzbdRequest<T> {
  schema: z.ZodType<T>;
  /** Send no key (mode=version, mode=auth). */
  anonymous?: boolean;
  /** Read-only calls may be sent again after a connection failure. */
  idempotent?: boolean;
}

const SECRET_KEYWORD = /key|password|pwd|token|secret/i;

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
  private readonly retry: HttpRetrySettings;

  constructor(readonly options: SabnzbdConnectionOptions) {
    this.endpoint = urlBelow(parseBaseUrl(options.url, "SABnzbd"), "", "api");
    this.retry = httpRetrySettings(options);
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
    const { status, text } = await exchangeWithRetry(
      this.retry,
      this.endpoint,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: encodeApiParams(fields),
      },
      {
        idempotent: request.idempotent ?? false,
        unreachable: (reason, code, cause) => new SabnzbdUnreachableError(info, reason, code, { cause }),
      },
    );
    const body = this.scrub(text.trim(), fields);
    if (status === 403) {
      if (body === "API Key Required") throw new SabnzbdAuthError(info, "missing");
      if (body === "API Key Incorrect") throw new SabnzbdAuthError(info, "incorrect");
      const reason = /hostname/i.test(body)
        ? "hostname"
        : /external internet access/i.test(body)
          ? "external"
          : "other";
      throw new SabnzbdAccessDeniedError(info, reason, body);
    }
    if (status < 200 || status >= 300) throw new SabnzbdHttpError(info, status, body);
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
    if (!result.success) throw new SabnzbdResponseError(info, describeZodIssues(result.error));
    return result.data;
  }

  /** A body without the keys (and secret values) the request carried, and not too long. */
  private scrub(text: string, fields: ApiParams): string {
    const secrets = [fields.apikey, fields.key];
    if (typeof fields.keyword === "string" && SECRET_KEYWORD.test(fields.keyword)) secrets.push(fields.value);
    return scrubText(text, secrets);
  }
}
