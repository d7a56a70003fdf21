import { describe, expect, it } from "vitest";
import { isAuthenticated, suppliedApiKey } from "./api-key-auth";

const KEY = "0123456789abcdef0123456789abcdef";

describe("where the key is taken from", () => {
  it("prefers the apikey query parameter (any case), then X-Api-Key, then Authorization: Bearer", () => {
    expect(
      suppliedApiKey(new URLSearchParams("ApiKey=q"), { "x-api-key": "h", authorization: "Bearer b" }),
    ).toBe("q");
    expect(suppliedApiKey(new URLSearchParams(), { "x-api-key": "h", authorization: "Bearer b" })).toBe("h");
    expect(suppliedApiKey(new URLSearchParams(), { authorization: "Bearer b" })).toBe("b");
    expect(suppliedApiKey(new URLSearchParams(), { authorization: "b" })).toBe("b");
    expect(suppliedApiKey(new URLSearchParams(), {})).toBeUndefined();
  });

  it("lets a present but empty or wrong query parameter win over a right header", () => {
    expect(isAuthenticated(new URLSearchParams("apikey="), { "x-api-key": KEY }, KEY)).toBe(false);
    expect(isAuthenticated(new URLSearchParams("apikey=wrong"), { "x-api-key": KEY }, KEY)).toBe(false);
    expect(isAuthenticated(new URLSearchParams(`apikey=${KEY}`), { "x-api-key": "wrong" }, KEY)).toBe(true);
  });

  it("compares exactly: no trimming, case-sensitive", () => {
    expect(isAuthenticated(new URLSearchParams(), { "x-api-key": KEY.toUpperCase() }, KEY)).toBe(false);
    expect(isAuthenticated(new URLSearchParams(`apikey=%20${KEY}`), {}, KEY)).toBe(false);
    expect(isAuthenticated(new URLSearchParams(), { "x-api-key": "" }, "")).toBe(false);
  });
});
