import {
  CONNECTION_REFUSED,
  networkErrorCode,
  type UnreachableReason,
  unreachableReason,
} from "./network-error";

// One HTTP exchange with an app: a timeout on every attempt, redirects not followed (the
// credentials would go wherever Location points), and a request that could not connect sent again,
// after a doubling delay, only when that cannot change the app twice: it is idempotent, or the
// connection was refused so it never reached the app.

export interface HttpRetryOptions {
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  /** Further attempts of a request that could not connect; 2 by default. */
  retries?: number;
  /** The first retry's delay, doubled for each next one; 200 ms by default. */
  retryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
}

export type HttpRetrySettings = Required<HttpRetryOptions>;

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_DELAY_MS = 200;

export function httpRetrySettings(options: HttpRetryOptions): HttpRetrySettings {
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: options.retries ?? DEFAULT_RETRIES,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
    fetch: options.fetch ?? globalThis.fetch,
  };
}

export interface ExchangeInit {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface ExchangePolicy {
  /** Safe to send again after any connection failure (reads). */
  idempotent: boolean;
  /** Send a non-idempotent request again when the connection was refused; true by default. */
  resendRefused?: boolean;
  /** The error to throw once the app stays unreachable. */
  unreachable(reason: UnreachableReason, code: string | undefined, cause: unknown): Error;
}

export interface Exchange {
  response: Response;
  text: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function exchangeWithRetry(
  settings: HttpRetrySettings,
  url: URL,
  init: ExchangeInit,
  policy: ExchangePolicy,
): Promise<Exchange> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await settings.fetch(url, {
        ...init,
        redirect: "manual",
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      return { response, text: await response.text() };
    } catch (error) {
      const reason = unreachableReason(error);
      if (!reason) throw error;
      const code = networkErrorCode(error);
      const neverSent = (policy.resendRefused ?? true) && code === CONNECTION_REFUSED;
      if (reason === "connection" && (policy.idempotent || neverSent) && attempt < settings.retries) {
        await sleep(settings.retryDelayMs * 2 ** attempt);
        continue;
      }
      throw policy.unreachable(reason, code, error);
    }
  }
}
