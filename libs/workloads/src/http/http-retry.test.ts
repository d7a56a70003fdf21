import { describe, expect, it } from "vitest";
import { type ExchangePolicy, exchangeWithRetry, httpRetrySettings } from "./http-retry";
import { type HttpExchangeRequest, type HttpTransport, responseHeaders } from "./http-transport";
import { HttpTransportError } from "./network-error";

// Which failures are sent again: only connection failures, of idempotent requests or of requests
// whose connection was refused (unless the caller says even that is unsafe).

const refused = () => new HttpTransportError("connection", "ECONNREFUSED", "connect ECONNREFUSED");
const reset = () => new HttpTransportError("connection", "ECONNRESET", "read ECONNRESET");

class Unreachable extends Error {
  constructor(
    readonly reason: string,
    readonly code: string | undefined,
  ) {
    super(`${reason} ${code}`);
  }
}

async function attempts(method: string, failure: () => unknown, policy: Partial<ExchangePolicy> = {}) {
  let calls = 0;
  const transport: HttpTransport = async () => {
    calls++;
    throw failure();
  };
  const settings = httpRetrySettings({ retries: 2, retryDelayMs: 1, transport });
  const error = await exchangeWithRetry(
    settings,
    new URL("http://127.0.0.1:1/x"),
    { method, headers: {}, body: undefined },
    {
      idempotent: method === "GET",
      unreachable: (reason, code) => new Unreachable(reason, code),
      ...policy,
    },
  ).catch((e: unknown) => e);
  return { calls, error };
}

describe("exchangeWithRetry", () => {
  it("sends a GET again after any connection failure, then reports it", async () => {
    const { calls, error } = await attempts("GET", reset);
    expect(calls).toBe(3);
    expect(error).toMatchObject({ reason: "connection", code: "ECONNRESET" });
  });

  it("sends a POST again only when the connection was refused", async () => {
    expect((await attempts("POST", refused)).calls).toBe(3);
    expect((await attempts("POST", reset)).calls).toBe(1);
  });

  it("never resends a refused POST when the caller forbids it", async () => {
    const { calls, error } = await attempts("POST", refused, { resendRefused: false });
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(Unreachable);
  });

  it("does not retry a timeout, and rethrows what is no network failure", async () => {
    const timeout = () => new HttpTransportError("timeout", undefined, "no answer within 10 ms");
    const timedOut = await attempts("GET", timeout);
    expect(timedOut.calls).toBe(1);
    expect(timedOut.error).toMatchObject({ reason: "timeout", code: undefined });
    const bug = new RangeError("bug");
    const { calls, error } = await attempts("GET", () => bug);
    expect(calls).toBe(1);
    expect(error).toBe(bug);
  });

  it("sends the request with the timeout through the transport, and returns its answer", async () => {
    let sent: HttpExchangeRequest | undefined;
    const transport: HttpTransport = async (request) => {
      sent = request;
      return { status: 200, headers: responseHeaders({}), text: "body" };
    };
    const url = new URL("http://127.0.0.1:1/x");
    const result = await exchangeWithRetry(
      httpRetrySettings({ transport, timeoutMs: 1234 }),
      url,
      { method: "PUT", headers: { a: "b" }, body: "{}" },
      { idempotent: true, unreachable: () => new Error("unreachable") },
    );
    expect(result.text).toBe("body");
    expect(sent).toEqual({ url, method: "PUT", headers: { a: "b" }, body: "{}", timeoutMs: 1234 });
  });
});
