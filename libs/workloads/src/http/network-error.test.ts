import { describe, expect, it } from "vitest";
import {
  HttpTransportError,
  networkErrorCode,
  systemErrorCode,
  unreachableMessage,
  unreachableReason,
} from "./network-error";

// Node's shapes for a failed connection: a system error with its code, or an AggregateError when
// the host has several addresses (happy eyeballs). A real refused request is in
// node-http-transport.test.ts.

const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe("systemErrorCode", () => {
  it("reads the code of a plain system error", () => {
    expect(systemErrorCode(systemError("ENOTFOUND"))).toBe("ENOTFOUND");
  });

  it("finds the refusal in an AggregateError whose first address failed otherwise", () => {
    const aggregate = Object.assign(
      new AggregateError([systemError("EADDRNOTAVAIL"), systemError("ECONNREFUSED")], ""),
      { code: "EADDRNOTAVAIL" },
    );
    expect(systemErrorCode(aggregate)).toBe("ECONNREFUSED");
  });

  it("takes the code an AggregateError carries itself when its errors have none", () => {
    const aggregate = Object.assign(new AggregateError([new Error("connect failed")], ""), {
      code: "ECONNREFUSED",
    });
    expect(systemErrorCode(aggregate)).toBe("ECONNREFUSED");
  });

  it("follows a wrapped cause", () => {
    expect(systemErrorCode(new Error("socket error", { cause: systemError("ECONNREFUSED") }))).toBe(
      "ECONNREFUSED",
    );
  });

  it("is undefined without any code", () => {
    expect(systemErrorCode(new Error("other"))).toBeUndefined();
    expect(systemErrorCode("not an error")).toBeUndefined();
  });
});

describe("unreachableReason and networkErrorCode", () => {
  it("read a transport error, and tell neither from a bug", () => {
    const refused = new HttpTransportError("connection", "ECONNREFUSED", "connect ECONNREFUSED");
    const timeout = new HttpTransportError("timeout", undefined, "no answer within 10 ms");
    expect([unreachableReason(refused), networkErrorCode(refused)]).toEqual(["connection", "ECONNREFUSED"]);
    expect([unreachableReason(timeout), networkErrorCode(timeout)]).toEqual(["timeout", undefined]);
    const bug = new TypeError("x is not a function", { cause: systemError("ECONNRESET") });
    expect([unreachableReason(bug), networkErrorCode(bug)]).toEqual([undefined, undefined]);
  });
});

describe("unreachableMessage", () => {
  it("names the code, or says network error without one", () => {
    expect(unreachableMessage("timeout", undefined)).toBe("no answer within the timeout");
    expect(unreachableMessage("connection", "ECONNREFUSED")).toBe("cannot connect (ECONNREFUSED)");
    expect(unreachableMessage("connection", undefined)).toBe("cannot connect (network error)");
  });
});
