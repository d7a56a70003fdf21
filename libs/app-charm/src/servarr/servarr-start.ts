import type { CharmContext } from "@charmarr/charm";
import type { ApiKeyContent, OwnedSecret, OwnedSecretDefinition } from "@charmarr/secrets";
import type { RelationPrefetch, ServarrAppSpec } from "./servarr-app-spec";
import type { ServarrConfig } from "./servarr-config";
import { type RunningServarr, runServarr, servarrHook } from "./servarr-service";

type Ctx = CharmContext<ServarrConfig>;

/** The app up and answering, with the key's secret in this hook (to grant and publish). */
export type StartResult =
  | ({ ok: true; secret: OwnedSecret<ApiKeyContent> } & RunningServarr)
  | { ok: false; reason: string };

/**
 * Leader: find or create the key (repairing drift), seed config.xml with it, run the app and
 * wait until it answers. Non-leader: stop the app and say why. Not ok: a status says why.
 */
export async function startServarr(
  ctx: Ctx,
  spec: ServarrAppSpec,
  apiKey: OwnedSecretDefinition<ApiKeyContent, "rotation-interval", ServarrConfig>,
): Promise<StartResult> {
  if (!(await ctx.isLeader())) {
    const standby = await runServarr(ctx, spec, undefined);
    return standby.ok ? { ok: false, reason: "standby" } : standby;
  }
  // Each hook tool is a process: start the reads every leader hook needs while the secret is
  // read (all memoised for the hook), instead of one after the other.
  servarrHook(ctx, spec)
    .service.reachable(ctx)
    .catch(() => undefined);
  prefetchRelations(ctx, spec.prefetch ?? []);
  const key = await apiKey.get(ctx);
  if (!key.ok) {
    ctx.status.waiting(key.reason);
    return key;
  }
  const running = await runServarr(ctx, spec, key.secret.content["api-key"]);
  return running.ok ? { ...running, secret: key.secret } : running;
}

function prefetchRelations(ctx: Ctx, prefetches: readonly RelationPrefetch[]): void {
  const ignore = () => undefined; // a failed read fails again, and is reported, where it is used
  for (const { endpoint, reads } of prefetches) {
    ctx.relations(endpoint).then((relations) => {
      for (const relation of relations) for (const read of reads) relation[read]().catch(ignore);
    }, ignore);
  }
}
