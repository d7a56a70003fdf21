import { defineCharm } from "@charmarr/charm";
import { parse } from "yaml";
import * as z from "zod";
import { randomApiKey } from "../credential-generators";
import { ownedSecret } from "../owned-secret";
import { fakeApp } from "./fake-credential-workload";

/** A charm that owns a `token` secret and shares it on its `token` endpoint. */
export const TOKEN_OWNER_YAML = `
name: keeper
type: charm
summary: owns a token
description: test charm
config:
  options:
    rotation-interval:
      type: string
      default: monthly
      description: How often to rotate the token.
actions:
  rotate-credentials:
    description: Rotate the token now.
provides:
  token:
    interface: token
`;

export const token = ownedSecret({
  label: "token",
  description: "the keeper's token",
  schema: z.object({ token: z.string().min(16) }),
  generate: () => ({ token: randomApiKey() }),
  workload: async (ctx) => fakeApp(ctx.app.name).workload(),
});

export const tokenOwnerCharm = defineCharm({
  metadata: parse(TOKEN_OWNER_YAML),
  features: [token.feature],
  async reconcile(ctx) {
    const secret = await token.ensure(ctx);
    if (!secret.ok) {
      ctx.status.waiting(`standby: ${secret.reason}`);
      return;
    }
    const app = fakeApp(ctx.app.name);
    // First start: seed the app with the secret's credential, as a charm writes a config file.
    if (app.up && app.credential === undefined) app.credential = secret.secret.content.token;
    const relations = await ctx.relations("token");
    await token.grant(ctx, relations);
    await Promise.all(relations.map((r) => r.setAppData({ "token-secret-id": secret.secret.id })));
    ctx.status.active();
  },
});
