import type * as z from "zod";
import { parseBaseUrl, type QueryParams, setQuery, urlBelow } from "../http/base-url";
import {
  type ExchangeInit,
  exchangeWithRetry,
  type HttpRetryOptions,
  type HttpRetrySettings,
  httpRetrySettings,
} from "../http/http-retry";
import type { HttpExchangeResponse, HttpResponseHeaders } from "../http/http-transport";
import { scrubText } from "../http/scrub-text";
import { describeZodIssues } from "../http/zod-issues";
import {
  QbittorrentAuthError,
  QbittorrentBannedError,
  QbittorrentHttpError,
  type QbittorrentRequestInfo,
  QbittorrentResponseError,
  QbittorrentUnreachableError,
} from "./qbittorrent-errors";

// One cookie session with the qBittorrent WebUI API v2 (specs/workloads.md §1.5, §1.6):
// - log in with a form POST, keep the session cookie (`SID` in 4.x; the name is taken from the
//   answer, so a renamed cookie works too), send it back on every call;
// - send no Origin and no Referer (CSRF protection answers 401 when they differ from Host);
// - bodies are form-encoded (setPreferences takes `json=<JSON>`; a raw JSON body is a 400).
// Ban safety: a client logs in lazily, at most once more when its session is lost, and never
// again after its credentials were refused: one client causes at most ONE failed login, however
// many calls it makes (5 in a row ban the address, a successful login resets the count).

/** `retries`: further attempts of a request that could not connect (GETs, and any request refused before it was sent); 2 by default. */
export interface QbittorrentConnectionOptions extends HttpRetryOptions {
  /** The WebUI base URL, `http://<address>:<port>` (a path prefix behind a proxy is kept). */
  url: string;
  username: string;
  password: string;
}

export type FormFields = QueryParams;

export interface QbittorrentRequest<T> {
  query?: FormFields;
  /** Sent as application/x-www-form-urlencoded. */
  form?: FormFields;
  /** Checks and types a JSON answer; without it the answer is returned as text. */
  schema?: z.ZodType<T>;
}

const BANNED = /banned/i;

/** Form encoding (spaces as `+`, everything else percent-encoded), skipping undefined fields. */
export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) params.append(name, String(value));
  }
  return params.toString();
}

/** The session cookie (`name=value`) from a login answer. */
function sessionCookie(headers: HttpResponseHeaders): string | undefined {
  const cookies = headers.getSetCookie().map((header) => header.split(";")[0]?.trim() ?? "");
  return (
    cookies.find((cookie) => /^(SID|QBT_SID[^=]*)=/.test(cookie)) ?? cookies.find((c) => c.includes("="))
  );
}

export class QbittorrentHttp {
  private readonly base: URL;
  private readonly retry: HttpRetrySettings;
  private cookie: string | undefined;
  /** Set once a login was refused: no further login from this client. */
  private refused = false;
  /** Logins attempted and refused by this client (0 or 1). */
  failedLogins = 0;

  constructor(private readonly options: QbittorrentConnectionOptions) {
    this.base = parseBaseUrl(options.url, "qBittorrent");
    this.retry = httpRetrySettings(options);
  }

  get loggedIn(): boolean {
    return this.cookie !== undefined;
  }

  /**
   * Logs in (again). Throws QbittorrentAuthError("login") when refused, which counts one failed
   * attempt, and QbittorrentBannedError when this address is banned (which counts none).
   */
  async login(): Promise<void> {
    const info = this.info("POST", "auth/login");
    if (this.refused) throw new QbittorrentAuthError(info, "login");
    const response = await this.exchange(info, this.url("auth/login"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: encodeForm({ username: this.options.username, password: this.options.password }),
    });
    const body = response.text.trim();
    if (response.status === 403 && BANNED.test(body)) throw new QbittorrentBannedError(info);
    // 4.x answers a refusal with 200 `Fails.`; accept a 401 `Fails.` from later versions too.
    if ((response.status === 200 || response.status === 401) && body === "Fails.") {
      this.refused = true;
      this.failedLogins++;
      this.cookie = undefined;
      throw new QbittorrentAuthError(info, "login");
    }
    this.check(info, response);
    if (body !== "Ok.")
      throw new QbittorrentResponseError(info, `login answered ${JSON.stringify(body.slice(0, 40))}`);
    const cookie = sessionCookie(response.headers);
    if (!cookie) throw new QbittorrentResponseError(info, "login set no session cookie");
    this.cookie = cookie;
  }

  /** Ends the session, if any (sessions otherwise live for WebUI\SessionTimeout, 1 h). */
  async logout(): Promise<void> {
    if (!this.cookie) return;
    const info = this.info("POST", "auth/logout");
    try {
      const response = await this.exchange(info, this.url("auth/logout"), {
        method: "POST",
        headers: { cookie: this.cookie },
        body: undefined,
      });
      if (response.status !== 403) this.check(info, response);
    } finally {
      this.cookie = undefined;
    }
  }

  /** Performs an API call below `/api/v2/`, logging in first when there is no session. */
  async request<T = string>(
    method: "GET" | "POST",
    path: string,
    request: QbittorrentRequest<T> = {},
  ): Promise<T> {
    const url = this.url(path);
    setQuery(url, request.query);
    const info = this.info(method, path);
    let freshSession = false;
    if (!this.cookie) {
      await this.login();
      freshSession = true;
    }
    for (;;) {
      const headers: Record<string, string> = { cookie: this.cookie as string };
      let body: string | undefined;
      if (request.form !== undefined) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = encodeForm(request.form);
      }
      const response = await this.exchange(info, url, { method, headers, body });
      if (response.status === 403) {
        // An expired or logged-out session: one new login, then one more try.
        this.cookie = undefined;
        if (freshSession) throw new QbittorrentAuthError(info, "session");
        await this.login();
        freshSession = true;
        continue;
      }
      this.check(info, response);
      if (!request.schema) return response.text as T;
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.text);
      } catch {
        throw new QbittorrentResponseError(info, "the body is not JSON");
      }
      const result = request.schema.safeParse(parsed);
      if (!result.success) throw new QbittorrentResponseError(info, describeZodIssues(result.error));
      return result.data;
    }
  }

  private url(path: string): URL {
    return urlBelow(this.base, "/api/v2", path);
  }

  private info(method: string, path: string): QbittorrentRequestInfo {
    return { method, path: this.url(path).pathname };
  }

  /** Throws for any non-2xx answer, with the body scrubbed of the credentials. */
  private check(info: QbittorrentRequestInfo, response: HttpExchangeResponse): void {
    if (response.status >= 200 && response.status < 300) return;
    const body = scrubText(response.text.trim(), [this.options.password, this.options.username]);
    throw new QbittorrentHttpError(info, response.status, body);
  }

  /** GETs, and any request whose connection was refused (it never reached the app), are retried. */
  private exchange(info: QbittorrentRequestInfo, url: URL, init: ExchangeInit) {
    return exchangeWithRetry(this.retry, url, init, {
      idempotent: init.method === "GET",
      unreachable: (reason, code, cause) => new QbittorrentUnreachableError(info, reason, code, { cause }),
    });
  }
}
