import { type UnreachableReason, unreachableMessage } from "../http/network-error";

// Typed failures of a SABnzbd API call (specs/workloads.md §2.4, §2.5). A message names the API
// mode, never the URL's host credentials nor a key: SABnzbd's own error texts are fixed strings,
// and any key is scrubbed from a body before it is kept. The checks in front of /api answer plain
// text with HTTP 403, even with output=json.

export interface SabnzbdRequestInfo {
  /** The API mode (`get_config`, `set_config` ...), with `name` for mode=config. */
  mode: string;
}

export abstract class SabnzbdError extends Error {
  readonly mode: string;

  constructor(request: SabnzbdRequestInfo, message: string, options?: ErrorOptions) {
    super(`SABnzbd api mode=${request.mode}: ${message}`, options);
    this.mode = request.mode;
  }
}

/** 403 `API Key Required` (no key sent) or `API Key Incorrect` (wrong, rotated away, or the nzb key). */
export class SabnzbdAuthError extends SabnzbdError {
  readonly status = 403;

  constructor(
    request: SabnzbdRequestInfo,
    readonly reason: "missing" | "incorrect",
  ) {
    super(request, reason === "missing" ? "HTTP 403: API Key Required" : "HTTP 403: API Key Incorrect");
    this.name = "SabnzbdAuthError";
  }
}

/**
 * 403 from the checks before the key: `hostname` (the Host header is not an IP, `localhost`,
 * `*.local` or in host_whitelist), `external` (inet_exposure/local_ranges refuse the client's
 * address), or `other` (e.g. the config is locked).
 */
export class SabnzbdAccessDeniedError extends SabnzbdError {
  readonly status = 403;

  constructor(
    request: SabnzbdRequestInfo,
    readonly reason: "hostname" | "external" | "other",
    readonly body: string,
  ) {
    super(request, `HTTP 403: ${body}`);
    this.name = "SabnzbdAccessDeniedError";
  }
}

/** The API answered `{"status": false, "error": ...}` (unknown config item, bad value ...). */
export class SabnzbdRefusedError extends SabnzbdError {
  constructor(
    request: SabnzbdRequestInfo,
    readonly error: string,
  ) {
    super(request, `refused: ${error}`);
    this.name = "SabnzbdRefusedError";
  }
}

/** Any other non-2xx answer, with its (short, scrubbed) body. */
export class SabnzbdHttpError extends SabnzbdError {
  constructor(
    request: SabnzbdRequestInfo,
    readonly status: number,
    readonly body: string,
  ) {
    super(request, `HTTP ${status}${body ? `: ${body}` : ""}`);
    this.name = "SabnzbdHttpError";
  }
}

/** No answer: connection refused or reset, unknown host, or no answer within the timeout. */
export class SabnzbdUnreachableError extends SabnzbdError {
  constructor(
    request: SabnzbdRequestInfo,
    readonly reason: UnreachableReason,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(request, unreachableMessage(reason, code), options);
    this.name = "SabnzbdUnreachableError";
  }
}

/** A 2xx answer that is not what the API documents. */
export class SabnzbdResponseError extends SabnzbdError {
  constructor(request: SabnzbdRequestInfo, problem: string) {
    super(request, `unexpected response: ${problem}`);
    this.name = "SabnzbdResponseError";
  }
}
