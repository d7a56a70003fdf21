import type { HttpExchangeRequest, HttpExchangeResponse, HttpTransport } from "./http-transport";
import {
  CONNECTION_REFUSED,
  networkErrorCode,
  type UnreachableReason,
  unreachableReason,
} from "./network-error";
import { nodeHttpTransport } from "./node-http-transport";

// One HTTP exchange with an app, through the transport (a timeout on every attempt, redirects
// never followed): a request that could not connect is sent again, after a doubling delay, only
// when that cannot change the app twice: it is idempotent, or the connection was refused so it
// never reached the app.

export interface HttpRetryOptions {
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  /** Further attempts of a request that could not connect; 2 by default. */
  retries?: number;
  /** The first retry's delay, doubled for each next one; 200 ms by default. */
  retryDelayMs?: number;
  /** How each attempt is sent: node:http(s) by default; tests put a fake or a counting wrapper in. */
  transport?: HttpTransport;
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
    transport: options.transport ?? nodeHttpTransport,
  };
}

export type ExchangeInit = Pick<HttpExchangeRequest, "method" | "headers" | "body">;

export interface ExchangePolicy {
  /** Safe to send again after any connection failure (reads). */
  idempotent: boolean;
  /** Send a non-idempotent request again when the connection was refused; true by default. */
  resendRefused?: boolean;
  /** The error to throw once the app stays unreachable. */
  unreachable(reason: UnreachableReason, code: string | undefined, cause: unknown): Error;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function exchangeWithRetry(
  settings: HttpRetrySettings,
  url: URL,
  init: ExchangeInit,
  policy: ExchangePolicy,
): Promise<HttpExchangeResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await settings.transport({ url, ...init, timeoutMs: settings.timeoutMs });
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
