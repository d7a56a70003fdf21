import { nextRotateTime, ROTATE_RETRY_DELAY_MS, willRotate } from "./rotate-policy";
import type { SecretRecord } from "./state";

/**
 * After a secret-rotate hook committed (apiserver SecretsRotated): a new revision moves the
 * schedule one period past the time that fired, floored at `now` so a clock that jumped far ahead
 * does not replay every missed period (some Juju versions floor at now too). No new revision
 * re-fires RotateRetryDelay (5 minutes) after the time the rotation was *due* (Juju's
 * `lastRotateTime.Add(RotateRetryDelay)`), not after the hook ran: due at 60 min, run at 63 →
 * again at 65. A hook more than 5 minutes late skips to the next 5-minute step after `now`
 * instead of replaying every missed one. A revision expiring before the next rotation pulls the
 * rotation in to the retry time.
 */
export function rescheduleAfterRotate(secret: SecretRecord, originalRevision: number, now: Date): void {
  const policy = secret.rotatePolicy;
  if (!policy || !willRotate(policy)) {
    delete secret.nextRotateTime;
    return;
  }
  const fired = secret.nextRotateTime ?? now;
  let next = nextRotateTime(policy, fired) ?? now;
  if (next.getTime() <= now.getTime()) next = nextRotateTime(policy, now) ?? now;
  const retry = new Date(retryAfter(fired.getTime(), now.getTime(), ROTATE_RETRY_DELAY_MS));
  const expiry = secret.revisions.get(secret.latestRevision)?.expireTime;
  const expiresFirst =
    expiry !== undefined && expiry.getTime() < next.getTime() && retry.getTime() < expiry.getTime();
  secret.nextRotateTime = expiresFirst || secret.latestRevision === originalRevision ? retry : next;
}

/** The first `due + k × delay` (k ≥ 1) after `now`: a retry counted from the time a hook was due. */
export function retryAfter(due: number, now: number, delay: number): number {
  if (due + delay > now) return due + delay;
  return due + (Math.floor((now - due) / delay) + 1) * delay;
}
