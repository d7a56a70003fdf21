import { type CharmContext, declareMetadata, defineCharm, type Relation } from "@charmarr/charm";
import { parse } from "yaml";
import * as z from "zod";
import { readGrantedSecret } from "../src/consumed-secret";
import { readUserSecret } from "../src/user-secret";

/** A charm that uses the keeper's token, and optionally a user secret given in config. */
export const TOKEN_READER_YAML = `
name: reader
type: charm
summary: uses a token
description: test charm
config:
  options:
    vpn:
      type: secret
      description: A user secret with a private-key.
requires:
  token:
    interface: token
    limit: 1
`;

/** What each reader unit last configured itself with. */
export const readerUses = new Map<string, string>();

const provided = z.object({ "token-secret-id": z.string() });

/** The token a keeper provides on `relation`, or why it cannot be used yet. */
export async function readProvidedToken(
  ctx: CharmContext<unknown>,
  relation: Relation,
): Promise<{ ok: true; token: string } | { ok: false; reason: string }> {
  const data = await relation.parseRemoteAppData(provided);
  if (!data.ok) return data;
  const secret = await readGrantedSecret(
    ctx,
    relation,
    data.data["token-secret-id"],
    z.object({ token: z.string() }),
  );
  return secret.ok ? { ok: true, token: secret.content.token } : secret;
}

export const tokenReaderCharm = defineCharm({
  metadata: declareMetadata<{ vpn?: string }>(parse(TOKEN_READER_YAML)),
  async reconcile(ctx) {
    if (ctx.config.vpn !== undefined) {
      const user = await readUserSecret(ctx, "vpn", ["private-key"]);
      if (!user.ok) ctx.status.blocked(user.reason);
    }
    const [relation] = await ctx.relations("token");
    if (!relation) {
      ctx.status.blocked("needs a token relation");
      return;
    }
    const token = await readProvidedToken(ctx, relation);
    if (!token.ok) {
      ctx.status.waiting(token.reason);
      return;
    }
    readerUses.set(ctx.unit.name, token.token);
    ctx.status.active();
  },
});
