import { nextRotateTime, ROTATE_RETRY_DELAY_MS, willRotate } from "./rotate-policy";
import type { SecretRecord } from "./state";

/**
 * After a secret-rotate hook committed (apiserver SecretsRotated): a new revision moves the
 * schedule one period past the time that fired; no new revision re-fires 5 minutes after it.
 * Both are floored at `now` so a clock that jumped far ahead does not replay every missed period
 * (some Juju versions floor at now too). A revision expiring before the next rotation pulls the
 * rotation in to the retry time.
 */
export function rescheduleAfterRotate(secret: SecretRecord, originalRevision: number, now: Date): void {
  const policy = secret.rotatePolicy;
  if (!policy || !willRotate(policy)) {
    delete secret.nextRotateTime;
    return;
  }
  const fired = secret.nextRotateTime ?? now;
  const base = fired.getTime() < now.getTime() ? now : fired;
  let next = nextRotateTime(policy, fired) ?? now;
  if (next.getTime() <= now.getTime()) next = nextRotateTime(policy, now) ?? now;
  const retry = new Date(base.getTime() + ROTATE_RETRY_DELAY_MS);
  const expiry = secret.revisions.get(secret.latestRevision)?.expireTime;
  const expiresFirst =
    expiry !== undefined && expiry.getTime() < next.getTime() && retry.getTime() < expiry.getTime();
  secret.nextRotateTime = expiresFirst || secret.latestRevision === originalRevision ? retry : next;
}
