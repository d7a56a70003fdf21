import type * as z from "zod";
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

export interface QbittorrentConnectionOptions {
  /** The WebUI base URL, `http://<address>:<port>` (a path prefix behind a proxy is kept). */
  url: string;
  username: string;
  password: string;
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  /** Further attempts of a request that could not connect (GETs, and any request refused before it was sent); 2 by default. */
  retries?: number;
  /** The first retry's delay, doubled for each next one; 200 ms by default. */
  retryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
}

export type FormFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface QbittorrentRequest<T> {
  query?: FormFields;
  /** Sent as application/x-www-form-urlencoded. */
  form?: FormFields;
  /** Checks and types a JSON answer; without it the answer is returned as text. */
  schema?: z.ZodType<T>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 200;
const MAX_BODY = 300;
const BANNED = /banned/i;

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

/** Form encoding (spaces as `+`, everything else percent-encoded), skipping undefined fields. */
export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) params.append(name, String(value));
  }
  return params.toString();
}

/** The session cookie (`name=value`) from a login answer. */
function sessionCookie(headers: Headers): string | undefined {
  const cookies = headers.getSetCookie().map((header) => header.split(";")[0]?.trim() ?? "");
  return (
    cookies.find((cookie) => /^(SID|QBT_SID[^=]*)=/.test(cookie)) ?? cookies.find((c) => c.includes("="))
  );
}

export class QbittorrentHttp {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetch: typeof globalThis.fetch;
  private cookie: string | undefined;
  /** Set once a login was refused: no further login from this client. */
  private refused = false;
  /** Logins attempted and refused by this client (0 or 1). */
  failedLogins = 0;

  constructor(private readonly options: QbittorrentConnectionOptions) {
    this.base = new URL(options.url);
    if (this.base.search || this.base.username || this.base.password) {
      throw new TypeError("qBittorrent: the base URL must carry no query and no credentials");
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
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
    const { response, text } = await this.exchange(info, this.url("auth/login"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: encodeForm({ username: this.options.username, password: this.options.password }),
    });
    const body = text.trim();
    if (response.status === 403 && BANNED.test(body)) throw new QbittorrentBannedError(info);
    // 4.x answers a refusal with 200 `Fails.`; accept a 401 `Fails.` from later versions too.
    if ((response.status === 200 || response.status === 401) && body === "Fails.") {
      this.refused = true;
      this.failedLogins++;
      this.cookie = undefined;
      throw new QbittorrentAuthError(info, "login");
    }
    this.check(info, response, text);
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
      const { response, text } = await this.exchange(info, this.url("auth/logout"), {
        method: "POST",
        headers: { cookie: this.cookie },
        body: undefined,
      });
      if (response.status !== 403) this.check(info, response, text);
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
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
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
      const { response, text } = await this.exchange(info, url, { method, headers, body });
      if (response.status === 403) {
        // An expired or logged-out session: one new login, then one more try.
        this.cookie = undefined;
        if (freshSession) throw new QbittorrentAuthError(info, "session");
        await this.login();
        freshSession = true;
        continue;
      }
      this.check(info, response, text);
      if (!request.schema) return text as T;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new QbittorrentResponseError(info, "the body is not JSON");
      }
      const result = request.schema.safeParse(parsed);
      if (!result.success) {
        const where = result.error.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`)
          .join(", ");
        throw new QbittorrentResponseError(info, where);
      }
      return result.data;
    }
  }

  private url(path: string): URL {
    const url = new URL(this.base.href);
    url.pathname = `${this.base.pathname.replace(/\/+$/, "")}/api/v2/${path.replace(/^\/+/, "")}`;
    return url;
  }

  private info(method: string, path: string): QbittorrentRequestInfo {
    return { method, path: this.url(path).pathname };
  }

  /** Throws for any non-2xx answer, with the body scrubbed of the credentials. */
  private check(info: QbittorrentRequestInfo, response: Response, text: string): void {
    if (response.status >= 200 && response.status < 300) return;
    let body = text.trim();
    for (const secret of [this.options.password, this.options.username]) {
      if (secret.length >= 4) body = body.replaceAll(secret, "***");
    }
    if (body.length > MAX_BODY) body = `${body.slice(0, MAX_BODY)}…`;
    throw new QbittorrentHttpError(info, response.status, body);
  }

  private async exchange(
    info: QbittorrentRequestInfo,
    url: URL,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
  ): Promise<{ response: Response; text: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Redirects are not followed: the cookie would go wherever Location points.
        const response = await this.fetch(url, {
          ...init,
          redirect: "manual",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        return { response, text: await response.text() };
      } catch (error) {
        const reason = classify(error);
        if (!reason) throw error;
        const code = networkErrorCode(error);
        // A refused connection never reached the app, so even a POST may be sent again.
        const retryable = reason === "connection" && (init.method === "GET" || code === "ECONNREFUSED");
        if (retryable && attempt < this.retries) {
          await sleep(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new QbittorrentUnreachableError(info, reason, code, { cause: error });
      }
    }
  }
}
