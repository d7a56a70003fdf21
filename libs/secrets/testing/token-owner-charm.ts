import { type CharmContext, type CharmMetadata, declareMetadata, defineCharm } from "@charmarr/charm";
import { parse } from "yaml";
import * as z from "zod";
import { randomApiKey } from "../src/credential-generators";
import type { CredentialWorkload } from "../src/credential-workload";
import { ownedSecret, type RotationConfig } from "../src/owned-secret-definition";
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

export type Token = { token: string };

/** How a keeper reaches its app: in memory in-process, over HTTP when it runs as a process. */
type KeeperConfig = RotationConfig<"rotation-interval">;

export type KeeperApp<C extends KeeperConfig = KeeperConfig> = (ctx: CharmContext<C>) => Promise<{
  workload: CredentialWorkload<Token> | undefined;
  /** Seed the app on first start, as a charm writes the credential into the app's config file. */
  seed(token: string): Promise<void>;
}>;

/** The keeper charm, over whichever app reaches its credential. */
export function defineTokenOwner<C extends KeeperConfig = KeeperConfig>(
  app: KeeperApp<C>,
  metadata: CharmMetadata = parse(TOKEN_OWNER_YAML),
) {
  const token = ownedSecret({
    label: "token",
    description: "the keeper's token",
    schema: z.object({ token: z.string().min(16) }),
    generate: () => ({ token: randomApiKey() }),
    workload: async (ctx: CharmContext<C>) => (await app(ctx)).workload,
  });
  const charm = defineCharm({
    metadata: declareMetadata<C>(metadata),
    features: [token.feature],
    async reconcile(ctx) {
      const secret = await token.get(ctx);
      if (!secret.ok) {
        ctx.status.waiting(`standby: ${secret.reason}`);
        return;
      }
      await (await app(ctx)).seed(secret.secret.content.token);
      const relations = await ctx.relations("token");
      await secret.secret.grant(relations);
      await Promise.all(relations.map((r) => r.setAppData({ "token-secret-id": secret.secret.id })));
      ctx.status.active();
    },
  });
  return { charm, token };
}

/** In-process keeper: its app is a FakeCredentialApp in this test process. */
export const tokenOwnerCharm = defineTokenOwner(async (ctx) => {
  const app = fakeApp(ctx.app.name);
  return {
    workload: app.workload(),
    seed: async (value) => {
      if (app.up && app.credential === undefined) app.credential = value;
    },
  };
}).charm;
