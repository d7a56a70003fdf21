import {
  type CharmContext,
  NotFoundError,
  PermissionDeniedError,
  type Relation,
  secretXid,
} from "@charmarr/charm";
import type * as z from "zod";
import { OWNER_APP_KEY, type SecretContent } from "./secret-content";

export type ConsumedSecret<T> = { ok: true; content: T } | { ok: false; reason: string };

/**
 * Read a secret another application granted us, by the ID it published in relation data.
 * The read carries a consumer label (one per relation), so this unit gets secret-changed for
 * every new revision, and always takes the latest revision (`--refresh`), so revisions we no
 * longer use become obsolete and the owner prunes them. A grant that is not visible yet, a
 * removed secret or content of the wrong shape is a reason to wait, never a failed hook. So is
 * a secret that is not the relation's remote application's own (provenance, OWNER_APP_KEY): a
 * related app cannot make us use, and send on, another app's credential.
 */
export async function readGrantedSecret<T extends SecretContent>(
  ctx: CharmContext<unknown>,
  relation: Relation,
  secretId: string,
  schema: z.ZodType<T>,
): Promise<ConsumedSecret<T>> {
  // The remote app's name proves where the secret came from (asked once per hook and relation).
  const remoteApp = () => relation.remoteApp();
  const where = `${relation.endpoint}:${relation.id}`;
  // One label per relation and secret: a new secret on the same relation never clashes.
  const label = `${relation.endpoint}.${relation.id}.${secretXid(secretId)}`;
  let raw: Record<string, string>;
  try {
    raw = await ctx.tools.secretGet({ id: secretId, label }, { refresh: true });
  } catch (err) {
    if (err instanceof PermissionDeniedError) {
      return {
        ok: false,
        reason: `waiting for ${await remoteApp()} to grant access to its secret on ${where}`,
      };
    }
    if (err instanceof NotFoundError) {
      return {
        ok: false,
        reason: `the secret ${await remoteApp()} published on ${where} is not visible (yet)`,
      };
    }
    throw err;
  }
  for (const [key, value] of Object.entries(raw)) if (key !== OWNER_APP_KEY) ctx.redact(value);
  // Provenance: the owner wrote its name into the content; it must be this relation's remote app.
  const app = await remoteApp();
  if (raw[OWNER_APP_KEY] !== app) {
    ctx.log.warn({ relation: where, app }, "ignoring a secret that is not the related application's own");
    return { ok: false, reason: `the secret ${app} published on ${where} is not ${app}'s own; ignoring it` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    ctx.log.warn(
      { relation: where, app, keys: Object.keys(raw) },
      "ignoring a granted secret of the wrong shape",
    );
    return { ok: false, reason: `the secret ${app} granted on ${where} lacks the expected keys` };
  }
  return { ok: true, content: parsed.data };
}
