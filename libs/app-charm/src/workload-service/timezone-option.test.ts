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

  it("refuses names the apps' tz database does not spell that way, though ICU takes them", () => {
    // ICU folds case, keeps zones tzdata removed, and reads offsets: the app would run in UTC.
    for (const zone of ["europe/paris", "ETC/UTC", "US/Pacific-New", "+05:00", "GMT+5:30", "Europe/Paris/"]) {
      expect(isTimeZone(zone), zone).toBe(false);
    }
  });

  it("accepts the tz database's links as well as its zones", () => {
    for (const zone of ["US/Pacific", "GB", "Asia/Calcutta", "Etc/GMT+5", "Europe/Kyiv"]) {
      expect(isTimeZone(zone), zone).toBe(true);
    }
  });

  it("says what is allowed, for the Blocked message", () => {
    expect(timezoneOption.description).toContain("IANA time zone");
  });
});
