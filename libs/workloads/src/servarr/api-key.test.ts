import { describe, expect, it } from "vitest";
import { API_KEY_PATTERN, generateApiKey, isGeneratedApiKeyFormat } from "./api-key";

describe("generateApiKey", () => {
  it("makes 32 lowercase hex characters, a version 4 GUID in N format", () => {
    const key = generateApiKey();
    expect(key).toMatch(API_KEY_PATTERN);
    // Version nibble and variant bits of a random GUID.
    expect(key[12]).toBe("4");
    expect("89ab").toContain(key[16]);
  });

  it("never repeats", () => {
    const keys = new Set(Array.from({ length: 1000 }, generateApiKey));
    expect(keys.size).toBe(1000);
  });

  it("tells the apps' format from other keys", () => {
    expect(isGeneratedApiKeyFormat(generateApiKey())).toBe(true);
    expect(isGeneratedApiKeyFormat("ABCDEF0123456789abcdef0123456789")).toBe(false);
    expect(isGeneratedApiKeyFormat("0123456789abcdef")).toBe(false);
  });
});
