import { describe, expect, it } from "vitest";
import { isRotatePolicy, nextRotateTime } from "./rotate-policy";

const at = (iso: string) => new Date(iso);

describe("nextRotateTime", () => {
  it("adds the policy's period in calendar terms", () => {
    const from = at("2025-01-31T10:00:00Z");
    expect(nextRotateTime("never", from)).toBeUndefined();
    expect(nextRotateTime("hourly", from)).toEqual(at("2025-01-31T11:00:00Z"));
    expect(nextRotateTime("daily", from)).toEqual(at("2025-02-01T10:00:00Z"));
    expect(nextRotateTime("weekly", from)).toEqual(at("2025-02-07T10:00:00Z"));
    expect(nextRotateTime("quarterly", from)).toEqual(at("2025-05-01T10:00:00Z"));
    expect(nextRotateTime("yearly", at("2024-02-29T00:00:00Z"))).toEqual(at("2025-03-01T00:00:00Z"));
  });

  it("normalises month overflow like Go's AddDate (Jan 31 + 1 month = Mar 3)", () => {
    expect(nextRotateTime("monthly", at("2025-01-31T00:00:00Z"))).toEqual(at("2025-03-03T00:00:00Z"));
    expect(nextRotateTime("monthly", at("2025-01-15T08:30:00Z"))).toEqual(at("2025-02-15T08:30:00Z"));
  });

  it("knows the valid policies", () => {
    expect(isRotatePolicy("monthly")).toBe(true);
    expect(isRotatePolicy("fortnightly")).toBe(false);
  });
});
