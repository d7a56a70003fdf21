import type { CharmContext, Relation } from "@charmarr/charm";
import { MEDIA_INDEXER } from "@charmarr/interfaces";
import { ProwlarrClient } from "@charmarr/workloads";
import { planPrune } from "./prune-plan";
import { describeCallFailure } from "./servarr-errors";
import type { RunningServarr } from "./servarr-service";

type Ctx = CharmContext<unknown>;

/**
 * Prowlarr's clean-up on media-indexer: remove the registrations of applications that are no
 * longer related, including the last one. The managers register themselves; Prowlarr only
 * cleans up, because a manager loses Prowlarr's key with the relation. Only names the charm
 * registered are removed (remembered in the charm record), never applications added by hand.
 */
export async function removeStaleRegistrations(
  ctx: Ctx,
  app: RunningServarr,
  relations: readonly Relation[],
): Promise<void> {
  const event = ctx.event;
  const broken =
    event.kind === "relation-broken" && event.endpoint === MEDIA_INDEXER ? event.remoteApp : undefined;
  const [record, related] = await Promise.all([
    app.record.read(),
    Promise.all(relations.map((relation) => relation.remoteApp())),
  ]);
  const plan = planPrune(record.managedApplications ?? [], related, broken || undefined);
  const kept: string[] = [];
  if (plan.remove.length > 0) {
    const prowlarr = new ProwlarrClient({ url: app.localApiUrl, apiKey: app.apiKey });
    try {
      const applications = await prowlarr.applications.list();
      for (const name of plan.remove) {
        const registration = applications.find((a) => a.name.toLowerCase() === name.toLowerCase());
        if (!registration) continue;
        await prowlarr.applications.delete(registration.id);
        ctx.log.info({ application: name }, "removed the registration of an application no longer related");
      }
    } catch (err) {
      const reason = describeCallFailure(err, "Prowlarr", app.localApiUrl);
      if (reason === undefined) throw err;
      ctx.log.warn({ error: (err as Error).message }, "could not remove stale registrations");
      ctx.status.waiting(`could not remove the registrations of ${plan.remove.join(", ")}: ${reason}`);
      kept.push(...plan.remove);
    }
  }
  await app.record.update({ managedApplications: [...plan.managed, ...kept].sort() });
}
