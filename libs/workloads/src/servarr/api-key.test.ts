import { describe, expect, it } from "vitest";
import { isGeneratedApiKeyFormat } from "./api-key";

describe("isGeneratedApiKeyFormat", () => {
  it("tells the apps' format from other keys", () => {
    expect(isGeneratedApiKeyFormat("0f1e2d3c4b5a49788796a5b4c3d2e1f0")).toBe(true);
    expect(isGeneratedApiKeyFormat("ABCDEF0123456789abcdef0123456789")).toBe(false);
    expect(isGeneratedApiKeyFormat("0123456789abcdef")).toBe(false);
  });
});
