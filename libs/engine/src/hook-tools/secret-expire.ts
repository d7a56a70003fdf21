import { parseGoDuration } from "../pebble-server/go-duration";
import { UsageError } from "./errors";
import { goQuote } from "./go-quote";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function parseTimestamp(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = "", zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  let ms =
    Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) +
    Math.round(Number(`0${frac}`) * 1000);
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const [zh = "0", zm = "0"] = zone.slice(1).split(":");
    ms -= sign * (Number(zh) * 60 + Number(zm)) * 60_000;
  }
  return new Date(ms);
}

/**
 * `--expire`: an RFC 3339 time, `2006-01-02T15:04:05` (UTC), or a Go duration from now
 * (secret-add.go Init), with Juju's error texts.
 */
export function parseExpire(spec: string, now: Date): Date {
  const time = parseTimestamp(spec);
  if (time) return time;
  let nanoseconds: number;
  try {
    nanoseconds = parseGoDuration(spec);
  } catch {
    throw new UsageError(`expire time or duration ${goQuote(spec)} not valid`);
  }
  if (nanoseconds <= 0) throw new UsageError(`negative expire duration ${goQuote(spec)} not valid`);
  return new Date(now.getTime() + Math.round(nanoseconds / 1e6));
}
