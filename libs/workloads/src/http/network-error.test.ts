import { describe, expect, it } from "vitest";
import { freePort } from "../../testing/app-test-instance";
import { networkErrorCode, unreachableMessage, unreachableReason } from "./network-error";

// undici's shapes for a failed fetch: TypeError("fetch failed") with the system error as cause,
// an AggregateError when the host has several addresses (happy eyeballs).

const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

describe("networkErrorCode", () => {
  it("reads ECONNREFUSED from a real refused fetch", async () => {
    const error = await fetch(`http://127.0.0.1:${await freePort()}/`).catch((e: unknown) => e);
    expect(unreachableReason(error)).toBe("connection");
    expect(networkErrorCode(error)).toBe("ECONNREFUSED");
  });

  it("reads the code of a plain system error cause", () => {
    expect(networkErrorCode(fetchFailed(systemError("ENOTFOUND")))).toBe("ENOTFOUND");
  });

  it("finds the refusal in an AggregateError whose first address failed otherwise", () => {
    const aggregate = Object.assign(
      new AggregateError([systemError("EADDRNOTAVAIL"), systemError("ECONNREFUSED")], ""),
      { code: "EADDRNOTAVAIL" },
    );
    expect(networkErrorCode(fetchFailed(aggregate))).toBe("ECONNREFUSED");
  });

  it("takes the code an AggregateError carries itself when its errors have none", () => {
    const aggregate = Object.assign(new AggregateError([new Error("connect failed")], ""), {
      code: "ECONNREFUSED",
    });
    expect(networkErrorCode(fetchFailed(aggregate))).toBe("ECONNREFUSED");
  });

  it("follows a wrapped cause", () => {
    const wrapped = new Error("socket error", { cause: systemError("ECONNREFUSED") });
    expect(networkErrorCode(fetchFailed(wrapped))).toBe("ECONNREFUSED");
  });

  it("is undefined without any code", () => {
    expect(networkErrorCode(fetchFailed(new Error("other")))).toBeUndefined();
    expect(networkErrorCode("not an error")).toBeUndefined();
  });
});

describe("unreachableReason", () => {
  it("tells a timeout from a connection failure, and neither from a bug", () => {
    expect(unreachableReason(new DOMException("t", "TimeoutError"))).toBe("timeout");
    expect(unreachableReason(fetchFailed(systemError("ECONNRESET")))).toBe("connection");
    expect(unreachableReason(new TypeError("x is not a function"))).toBeUndefined();
  });
});

describe("unreachableMessage", () => {
  it("names the code, or says network error without one", () => {
    expect(unreachableMessage("timeout", undefined)).toBe("no answer within the timeout");
    expect(unreachableMessage("connection", "ECONNREFUSED")).toBe("cannot connect (ECONNREFUSED)");
    expect(unreachableMessage("connection", undefined)).toBe("cannot connect (network error)");
  });
});
