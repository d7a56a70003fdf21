import { isGeneratedApiKeyFormat } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import { randomApiKey, randomPassword, randomToken } from "./credential-generators";

describe("randomApiKey", () => {
  it("makes 32 lowercase hex characters, a version 4 GUID in N format, as the apps do", () => {
    const key = randomApiKey();
    expect(isGeneratedApiKeyFormat(key)).toBe(true);
    // Version nibble and variant bits of a random GUID.
    expect(key[12]).toBe("4");
    expect("89ab").toContain(key[16]);
  });

  it("never repeats", () => {
    expect(new Set(Array.from({ length: 1000 }, randomApiKey)).size).toBe(1000);
  });
});

describe("randomPassword and randomToken", () => {
  it("draw from the alphabet, at the length asked", () => {
    expect(randomPassword()).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomToken(64, "ab")).toMatch(/^[ab]{64}$/);
    expect(() => randomToken(4, "a")).toThrow(RangeError);
  });
});
