import { type UnreachableReason, unreachableMessage } from "../http/network-error";

// Typed failures of a qBittorrent WebUI API call. A message names the method and the path (never
// the host's credentials, the form or a password): the password and username are scrubbed from
// any body kept.

export interface QbittorrentRequestInfo {
  method: string;
  /** The path below the base URL (`/api/v2/app/version`). */
  path: string;
}

export abstract class QbittorrentError extends Error {
  readonly method: string;
  readonly path: string;

  constructor(request: QbittorrentRequestInfo, message: string, options?: ErrorOptions) {
    super(`qBittorrent ${request.method} ${request.path}: ${message}`, options);
    this.method = request.method;
    this.path = request.path;
  }
}

/**
 * The credentials were refused.
 * - `login`: auth/login answered `Fails.`; the app counted one failed attempt for this address
 *   (specs/workloads.md §1.6: the 5th in a row bans it, a successful login resets the count).
 * - `session`: an API call answered 403 although the client held a session (expired, or logged
 *   out), and no new login was attempted.
 */
export class QbittorrentAuthError extends QbittorrentError {
  constructor(
    request: QbittorrentRequestInfo,
    readonly reason: "login" | "session",
  ) {
    super(
      request,
      reason === "login"
        ? "the username or password was refused (one failed login counted towards the ban)"
        : "HTTP 403: no valid session",
    );
    this.name = "QbittorrentAuthError";
  }
}

/**
 * auth/login answered 403 `Your IP address has been banned after too many failed authentication
 * attempts.`: every login from this address, a correct one included, is refused until
 * `WebUI\BanDuration` (1 h by default) has passed or the app restarts. Sessions opened before
 * keep working.
 */
export class QbittorrentBannedError extends QbittorrentError {
  readonly status = 403;

  constructor(request: QbittorrentRequestInfo) {
    super(
      request,
      "HTTP 403: this address is banned after too many failed logins (until WebUI\\BanDuration passes or the app restarts)",
    );
    this.name = "QbittorrentBannedError";
  }
}

/** Any other non-2xx answer, with the app's (short, scrubbed) body. */
export class QbittorrentHttpError extends QbittorrentError {
  constructor(
    request: QbittorrentRequestInfo,
    readonly status: number,
    readonly body: string,
  ) {
    super(request, `HTTP ${status}${body ? `: ${body}` : ""}${hint(status)}`);
    this.name = "QbittorrentHttpError";
  }
}

/** No answer: connection refused or reset, unknown host, or no answer within the timeout. */
export class QbittorrentUnreachableError extends QbittorrentError {
  constructor(
    request: QbittorrentRequestInfo,
    readonly reason: UnreachableReason,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(request, unreachableMessage(reason, code), options);
    this.name = "QbittorrentUnreachableError";
  }
}

/** A 2xx answer that is not what the API documents. */
export class QbittorrentResponseError extends QbittorrentError {
  constructor(request: QbittorrentRequestInfo, problem: string) {
    super(request, `unexpected response: ${problem}`);
    this.name = "QbittorrentResponseError";
  }
}

function hint(status: number): string {
  // §1.6: CSRF (Origin/Referer not matching Host) and Host-header validation both answer 401.
  return status === 401
    ? " (CSRF or Host header check: send no Origin/Referer, and use a host name in WebUI\\ServerDomains)"
    : "";
}
