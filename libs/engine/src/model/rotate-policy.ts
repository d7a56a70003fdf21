// Secret rotation policies and their schedule (core/secrets/rotate.go): calendar arithmetic in
// UTC, normalising like Go's AddDate (Jan 31 + 1 month = Mar 3).

import { ROTATE_POLICIES, type RotatePolicy } from "@charmarr/charm";

export { ROTATE_POLICIES, type RotatePolicy };

export const isRotatePolicy = (value: string): value is RotatePolicy =>
  (ROTATE_POLICIES as readonly string[]).includes(value);

export const willRotate = (policy: RotatePolicy | undefined): boolean =>
  policy !== undefined && policy !== "never";

/** Rotation is re-fired this long after a rotate hook that made no new revision. */
export const ROTATE_RETRY_DELAY_MS = 5 * 60 * 1000;
/** secret-expired re-fires this often until the expired revision is removed. */
export const EXPIRE_RETRY_DELAY_MS = 5 * 60 * 1000;

function addDate(from: Date, years: number, months: number, days: number): Date {
  const d = new Date(from.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years, d.getUTCMonth() + months, d.getUTCDate() + days);
  return d;
}

/** The next rotation after `from` for `policy`; undefined for `never`. */
export function nextRotateTime(policy: RotatePolicy, from: Date): Date | undefined {
  switch (policy) {
    case "never":
      return undefined;
    case "hourly":
      return new Date(from.getTime() + 60 * 60 * 1000);
    case "daily":
      return addDate(from, 0, 0, 1);
    case "weekly":
      return addDate(from, 0, 0, 7);
    case "monthly":
      return addDate(from, 0, 1, 0);
    case "quarterly":
      return addDate(from, 0, 3, 0);
    case "yearly":
      return addDate(from, 1, 0, 0);
  }
}
