/** The first retry of a failed hook comes this long after the failure (retrystrategy facade). */
export const HOOK_RETRY_MIN_MS = 5_000;
/** Retries back off to at most this. */
export const HOOK_RETRY_MAX_MS = 5 * 60_000;

/**
 * How long after its `failures`-th failure a hook is retried: 5 s, doubling, capped at 5 min.
 * Juju adds jitter; this does not, so tests can step the clock to the exact retry.
 */
export function hookRetryDelayMs(failures: number): number {
  return Math.min(HOOK_RETRY_MIN_MS * 2 ** Math.max(0, failures - 1), HOOK_RETRY_MAX_MS);
}
