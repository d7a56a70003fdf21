/**
 * Durations for Pebble's query strings and bodies, which Go parses with time.ParseDuration.
 * Millisecond precision in seconds, as ops formats them (`4.000s`).
 */
export function goDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`a duration must be a finite, non-negative ms count, got ${ms}`);
  return `${(ms / 1000).toFixed(3)}s`;
}
