import type * as z from "zod";
import type { CredentialWorkload } from "./credential-workload";
import type { OwnedSecret } from "./owned-secret";
import { type SecretContent, sameContent } from "./secret-content";

/**
 * Make the workload's live credential and the secret's latest revision equal again, and return
 * the secret as it then is. Two causes, one cure: someone changed the credential in the app's
 * web UI, or a hook died between applying a new credential and committing it.
 *
 * - Where the app can tell its credential, the live value wins: it becomes a new revision and
 *   every consumer follows through secret-changed. (After a crash that is the value the
 *   workload already took; after an edit in the UI it is what the operator chose.)
 * - Where it cannot (a password kept as a hash), one check with the secret's value tells; if
 *   the workload refuses it, the secret's value is applied again through a path that needs no
 *   credential. One refused check per drift, so the app's brute-force protection never trips.
 */
export async function repairDrift<T extends SecretContent>(
  secret: OwnedSecret<T>,
  schema: z.ZodType<T>,
  workload: CredentialWorkload<T>,
): Promise<OwnedSecret<T>> {
  const { ctx, label } = secret;
  if (workload.readLive) {
    const live = await workload.readLive();
    if (live === undefined || sameContent(live, secret.content)) return secret;
    const parsed = schema.safeParse(live);
    if (!parsed.success) {
      ctx.log.warn({ secret: label }, "the workload's credential has the wrong shape; applying the secret's");
      await workload.apply(secret.content, undefined);
      return secret;
    }
    const adopted = await secret.set(parsed.data);
    ctx.log.warn(
      { secret: label },
      "the workload's credential differs from the secret; adopted it as a new revision",
    );
    return adopted;
  }
  const revision =
    secret.committedRevision === undefined
      ? undefined
      : { id: secret.xid, revision: secret.committedRevision };
  if (await workload.accepts(secret.content, revision)) return secret;
  ctx.log.warn({ secret: label }, "the workload refuses the secret's credential; applying it again");
  await workload.apply(secret.content, undefined);
  return secret;
}
