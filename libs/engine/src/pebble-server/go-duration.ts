// Go's time.Duration text form, which Pebble uses in layers, query parameters and error messages.
// Durations are kept as integer nanoseconds in a JS number (exact up to ~104 days).

export const NANOSECOND = 1;
export const MICROSECOND = 1_000;
export const MILLISECOND = 1_000_000;
export const SECOND = 1_000_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

const UNITS: Record<string, number> = {
  ns: NANOSECOND,
  us: MICROSECOND,
  µs: MICROSECOND, // U+00B5
  μs: MICROSECOND, // U+03BC
  ms: MILLISECOND,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

export class DurationParseError extends Error {}

/** Parses like Go's time.ParseDuration, with the same error texts. Returns nanoseconds. */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") throw new DurationParseError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? "";
    const fraction = number?.[2] ?? "";
    if (whole === "" && fraction === "") throw new DurationParseError(`time: invalid duration ${quoted}`);
    rest = rest.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^\d.]+/.exec(rest);
    if (!unitMatch) throw new DurationParseError(`time: missing unit in duration ${quoted}`);
    const unitName = unitMatch[0];
    const unit = UNITS[unitName];
    if (unit === undefined) {
      throw new DurationParseError(`time: unknown unit ${JSON.stringify(unitName)} in duration ${quoted}`);
    }
    rest = rest.slice(unitName.length);
    total += Number(whole || "0") * unit + (fraction ? Math.round(Number(`0.${fraction}`) * unit) : 0);
  }
  return negative ? -total : total;
}

/** Formats nanoseconds like Go's Duration.String: "1m0s", "1.5s", "500ms", "0s". */
export function formatGoDuration(nanoseconds: number): string {
  const negative = nanoseconds < 0;
  const ns = Math.round(Math.abs(nanoseconds));
  const sign = negative ? "-" : "";
  if (ns === 0) return "0s";
  if (ns < SECOND) {
    if (ns < MICROSECOND) return `${sign}${ns}ns`;
    if (ns < MILLISECOND) return `${sign}${fractional(ns, MICROSECOND)}µs`;
    return `${sign}${fractional(ns, MILLISECOND)}ms`;
  }
  const hours = Math.floor(ns / HOUR);
  const minutes = Math.floor((ns % HOUR) / MINUTE);
  const seconds = fractional(ns % MINUTE, SECOND);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function fractional(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const remainder = value % unit;
  if (remainder === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(remainder).padStart(digits, "0").replace(/0+$/, "")}`;
}

export const nsToMs = (nanoseconds: number): number => nanoseconds / MILLISECOND;
export const msToNs = (milliseconds: number): number => Math.round(milliseconds * MILLISECOND);
