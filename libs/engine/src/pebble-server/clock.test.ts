import { describe, expect, it } from "vitest";
import { epochNs, PreciseDate, parseRfc3339, realClock, rfc3339 } from "./clock";

describe("the Pebble server's clock", () => {
  it("reads the wall time in nanoseconds, strictly increasing", () => {
    const before = Date.now();
    const readings = Array.from({ length: 100 }, () => realClock.now());
    for (let i = 1; i < readings.length; i++)
      expect(epochNs(readings[i]!) > epochNs(readings[i - 1]!)).toBe(true);
    expect(Math.abs(readings[0]!.getTime() - before)).toBeLessThan(1000);
  });

  it("formats RFC3339Nano in UTC and parses it back at full precision", () => {
    const t = new PreciseDate(1_735_689_600_123_456_789n);
    expect(rfc3339(t)).toBe("2025-01-01T00:00:00.123456789Z");
    expect(rfc3339(new PreciseDate(1_735_689_600_120_000_000n))).toBe("2025-01-01T00:00:00.12Z");
    expect(rfc3339(new Date("2025-01-01T00:00:00Z"))).toBe("2025-01-01T00:00:00Z");
    expect(parseRfc3339("2025-01-01T00:00:00.123456789Z")?.epochNs).toBe(t.epochNs);
    expect(parseRfc3339("2025-01-01T02:00:00.123456789+02:00")?.epochNs).toBe(t.epochNs);
    expect(parseRfc3339("2025-01-01 00:00:00Z")).toBeUndefined();
  });
});
