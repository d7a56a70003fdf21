import { describe, expect, it } from "vitest";
import { type ExchangePolicy, exchangeWithRetry, httpRetrySettings } from "./http-retry";

// Which failures are sent again: only connection failures, of idempotent requests or of requests
// whose connection was refused (unless the caller says even that is unsafe).

const refused = () =>
  new TypeError("fetch failed", { cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }) });
const reset = () =>
  new TypeError("fetch failed", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) });

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
  const fetch: typeof globalThis.fetch = async () => {
    calls++;
    throw failure();
  };
  const settings = httpRetrySettings({ retries: 2, retryDelayMs: 1, fetch });
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
    expect((await attempts("GET", () => new DOMException("t", "TimeoutError"))).calls).toBe(1);
    const bug = new RangeError("bug");
    const { calls, error } = await attempts("GET", () => bug);
    expect(calls).toBe(1);
    expect(error).toBe(bug);
  });

  it("returns the answer and its text, redirects not followed", async () => {
    let init: RequestInit | undefined;
    const fetch: typeof globalThis.fetch = async (_url, i) => {
      init = i;
      return new Response("body", { status: 200 });
    };
    const result = await exchangeWithRetry(
      httpRetrySettings({ fetch }),
      new URL("http://127.0.0.1:1/x"),
      { method: "GET", headers: {}, body: undefined },
      { idempotent: true, unreachable: () => new Error("unreachable") },
    );
    expect(result.text).toBe("body");
    expect(init?.redirect).toBe("manual");
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });
});
