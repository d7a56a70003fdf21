import { describe, expect, it } from "vitest";
import { isTimeZone, timezoneOption } from "./timezone-option";

describe("timezone option", () => {
  it("accepts IANA names the runtime knows", () => {
    for (const zone of ["Etc/UTC", "UTC", "Europe/Paris", "America/Argentina/Buenos_Aires"]) {
      expect(isTimeZone(zone)).toBe(true);
    }
  });

  it("refuses typos, empty strings and padded names", () => {
    for (const zone of ["Mars/Olympus", "", " Etc/UTC", "Europe/Pariss", "utc+25"]) {
      expect(isTimeZone(zone)).toBe(false);
      expect(timezoneOption.safeParse(zone).success).toBe(false);
    }
  });

  it("says what is allowed, for the Blocked message", () => {
    expect(timezoneOption.description).toContain("IANA time zone");
  });
});
