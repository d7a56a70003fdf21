import type { CredentialWorkload } from "./credential-workload";
import type { OwnedSecret } from "./owned-secret";
import type { SecretContent } from "./secret-content";

export type RotationResult<T extends SecretContent> =
  | { ok: true; secret: OwnedSecret<T> }
  | { ok: false; reason: string };

function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The one rotation protocol (secret-rotate, secret-expired, the rotate action): apply `next`
 * to the workload, prove the workload takes it and refuses the old value, and only then
 * `secret-set`. Nothing is set when a step fails, so Juju re-fires the rotation 5 minutes
 * later; a workload left half-applied is repaired by the drift check at the start of the next
 * hook (see docs/secrets.md, "Crash safety").
 */
export async function rotateCredential<T extends SecretContent>(
  secret: OwnedSecret<T>,
  next: T,
  workload: CredentialWorkload<T>,
): Promise<RotationResult<T>> {
  const { ctx, label, content: current } = secret;
  for (const value of Object.values(next)) ctx.redact(value);
  try {
    await workload.apply(next, current);
  } catch (err) {
    ctx.log.warn({ secret: label, err }, "applying the new credential failed");
    return { ok: false, reason: `the workload did not take the new value: ${why(err)}` };
  }
  const [takesNew, takesOld] = await Promise.all([workload.accepts(next), workload.accepts(current)]);
  if (!takesNew || takesOld) {
    const reason = !takesNew
      ? "the workload refuses the new value"
      : "the workload still accepts the old value";
    ctx.log.warn({ secret: label }, `rotation not verified: ${reason}`);
    // Put the old value back so every consumer keeps working; drift repair covers a failure here.
    try {
      await workload.apply(current, takesNew ? next : undefined);
    } catch (err) {
      ctx.log.warn({ secret: label, err }, "restoring the previous credential failed");
    }
    return { ok: false, reason };
  }
  return { ok: true, secret: await secret.set(next) };
}
