import { describe, expect, it } from "vitest";
import { hookRetryDelayMs } from "./retry-backoff";

describe("hookRetryDelayMs", () => {
  it("starts at 5 s, doubles, and stops at 5 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(hookRetryDelayMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });
});
