import { type CharmContext, type CharmMetadata, declareMetadata, defineCharm } from "@charmarr/charm";
import * as z from "zod";
import { randomApiKey } from "../src/credential-generators";
import type { CredentialWorkload } from "../src/credential-workload";
import { ownedSecret, type RotationConfig } from "../src/owned-secret-definition";

// The keeper test charm's definition, without a YAML parser: the packed keeper (http-keeper)
// bundles this file and stays within the bundle budget.

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
  metadata: CharmMetadata,
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
