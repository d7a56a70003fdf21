import { describe, expect, it } from "vitest";
import { apiKeyContent, credentialsContent } from "./secret-content";

describe("secret content", () => {
  it("accepts an api-key secret and tolerates extra keys", () => {
    expect(apiKeyContent.parse({ "api-key": "k".repeat(32), extra: "x" })).toEqual({
      "api-key": "k".repeat(32),
    });
  });

  it("rejects a missing or empty api-key", () => {
    expect(apiKeyContent.safeParse({}).success).toBe(false);
    expect(apiKeyContent.safeParse({ "api-key": "" }).success).toBe(false);
  });

  it("needs both username and password", () => {
    expect(credentialsContent.parse({ username: "admin", password: "pw" })).toEqual({
      username: "admin",
      password: "pw",
    });
    expect(credentialsContent.safeParse({ username: "admin" }).success).toBe(false);
    expect(credentialsContent.safeParse({ password: "pw" }).success).toBe(false);
    expect(credentialsContent.safeParse({ username: "", password: "pw" }).success).toBe(false);
  });
});
