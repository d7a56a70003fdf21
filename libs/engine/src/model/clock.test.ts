import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock";

describe("ManualClock", () => {
  it("moves only when told, firing timers in time order", () => {
    const clock = new ManualClock("2025-01-01T00:00:00Z");
    const fired: string[] = [];
    clock.schedule(2000, () => fired.push(`b@${clock.now().toISOString()}`));
    clock.schedule(1000, () => fired.push(`a@${clock.now().toISOString()}`));
    const cancel = clock.schedule(1500, () => fired.push("cancelled"));
    cancel();
    clock.advance(1500);
    expect(fired).toEqual(["a@2025-01-01T00:00:01.000Z"]);
    clock.set("2025-01-01T00:00:05Z");
    expect(fired).toEqual(["a@2025-01-01T00:00:01.000Z", "b@2025-01-01T00:00:02.000Z"]);
    expect(clock.now()).toEqual(new Date("2025-01-01T00:00:05Z"));
    expect(() => clock.set("2024-01-01T00:00:00Z")).toThrow("cannot go backwards");
  });
});
