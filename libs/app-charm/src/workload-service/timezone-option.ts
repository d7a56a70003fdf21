import * as z from "zod";

/** Does the runtime's ICU know this IANA zone (Etc/UTC, Europe/Paris...)? */
export function isTimeZone(name: string): boolean {
  if (name.trim() !== name || name === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Refinement for the `timezone` option: the app gets it as TZ, and a zone it does not know
 * silently means UTC there, so a typo is Blocked here instead.
 */
export const timezoneOption = z
  .string()
  .refine(isTimeZone)
  .describe("an IANA time zone name such as Etc/UTC or Europe/Paris");
