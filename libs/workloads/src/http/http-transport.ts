// The one HTTP exchange the app clients need, as a function they are given: they depend on this
// shape rather than on fetch or node:http, so tests can put a fake (or a counting wrapper) in.

export interface HttpExchangeRequest {
  url: URL;
  method: string;
  headers: Readonly<Record<string, string>>;
  body: string | undefined;
  /** The whole exchange: connecting, sending, and reading the answer to its last byte. */
  timeoutMs: number;
}

export interface HttpResponseHeaders {
  /** A header's values joined by ", " (as fetch's Headers does), or null; the name in any case. */
  get(name: string): string | null;
  /** Each Set-Cookie header on its own: a cookie's expiry date holds a comma, so they cannot be joined. */
  getSetCookie(): string[];
}

export interface HttpExchangeResponse {
  status: number;
  headers: HttpResponseHeaders;
  /** The whole body, decoded as UTF-8. */
  text: string;
}

/**
 * Sends one request and reads the whole answer, never following a redirect. Throws an
 * HttpTransportError when the app cannot be reached or does not answer in time; anything else
 * it throws is no network failure.
 */
export type HttpTransport = (request: HttpExchangeRequest) => Promise<HttpExchangeResponse>;

/** Headers from each name's values (a node:http answer's headersDistinct, or a test's). */
export function responseHeaders(
  values: Readonly<Record<string, string | readonly string[] | undefined>>,
): HttpResponseHeaders {
  const byName = new Map<string, readonly string[]>();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) byName.set(name.toLowerCase(), typeof value === "string" ? [value] : value);
  }
  return {
    get: (name) => byName.get(name.toLowerCase())?.join(", ") ?? null,
    getSetCookie: () => [...(byName.get("set-cookie") ?? [])],
  };
}
