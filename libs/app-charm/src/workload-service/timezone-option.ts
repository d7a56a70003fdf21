import * as z from "zod";
import { TZ_DATABASE_NAMES } from "./tz-database-names";

/** Region → the names in it, split once per hook process, when first asked. */
let regions: Map<string, Set<string>> | undefined;

/**
 * Is this a zone or link name of the IANA tz database, spelled as the database (and so the app's
 * TZ lookup) spells it? ICU is not the judge: it folds case, reads offsets and keeps zones the
 * database removed, and a name the app's own tzdata lacks silently means UTC there.
 */
export function isTimeZone(name: string): boolean {
  regions ??= new Map(
    Object.entries(TZ_DATABASE_NAMES).map(([region, names]) => [region, new Set(names.split(" "))]),
  );
  const slash = name.indexOf("/");
  const [region, rest] = slash === -1 ? ["", name] : [name.slice(0, slash), name.slice(slash + 1)];
  return rest !== "" && (regions.get(region)?.has(rest) ?? false);
}

/**
 * Refinement for the `timezone` option: the app gets it as TZ, and a zone it does not know
 * silently means UTC there, so a typo is Blocked here instead.
 */
export const timezoneOption = z
  .string()
  .refine(isTimeZone)
  .describe("an IANA time zone name as the tz database spells it, such as Etc/UTC or Europe/Paris");
