import type { CharmContext } from "@charmarr/charm";
import { type MediaManagerKind, readMediaIndexer } from "@charmarr/interfaces";
import { newFingerprintSalt } from "@charmarr/secrets";
import { type MediaManagerApp, ProwlarrClient } from "@charmarr/workloads";
import { planRegistration, type RegistrationSpec, registrationFingerprint } from "./registration-plan";
import { describeCallFailure } from "./servarr-errors";
import type { RunningServarr } from "./servarr-service";

type Ctx = CharmContext<unknown>;

export type RegistrationOutcome =
  | { state: "none" }
  | { state: "registered"; prowlarr: string; action: "keep" | "add" | "update" }
  | { state: "waiting"; reason: string };

/** Register in the related Prowlarr; a Waiting status says why not, when it cannot. */
export async function registerInProwlarr(
  ctx: Ctx,
  manager: MediaManagerApp & MediaManagerKind,
  app: RunningServarr,
): Promise<RegistrationOutcome> {
  const outcome = await prowlarrRegistration(ctx, manager, app);
  if (outcome.state === "waiting") ctx.status.waiting(outcome.reason);
  return outcome;
}

/**
 * On media-indexer (Radarr, Sonarr; limit 1): with Prowlarr's URL and key from the interface's
 * requirer side, register this app as a Prowlarr application with its own URL and key. Runs in every leader hook: a missing
 * registration is added, a stale one (URL moved, either key rotated) updated, a current one
 * left alone with one GET. Removing it is Prowlarr's job: when the relation goes, so does the
 * grant of Prowlarr's key, before this side's broken hook runs.
 */
async function prowlarrRegistration(
  ctx: Ctx,
  manager: MediaManagerApp & MediaManagerKind,
  app: RunningServarr,
): Promise<RegistrationOutcome> {
  const indexer = await readMediaIndexer(ctx, manager);
  if (indexer.state === "none") {
    const record = await app.record.read();
    if (record.registration) await app.record.update({ registration: undefined });
    return { state: "none" };
  }
  if (indexer.state === "waiting") return indexer;
  const { remoteApp: prowlarrApp, apiUrl: prowlarrUrl } = indexer;
  const spec: RegistrationSpec = {
    manager,
    name: ctx.app.name,
    prowlarrUrl,
    baseUrl: app.apiUrl,
    apiKey: app.apiKey,
  };
  const prowlarr = new ProwlarrClient({ url: prowlarrUrl, apiKey: indexer.apiKey });
  try {
    const [applications, record] = await Promise.all([prowlarr.applications.list(), app.record.read()]);
    // A record from before the salt gets one: its fingerprint then differs, and the registration is
    // written once more with the same values.
    const salt = record.registration?.salt ?? newFingerprintSalt();
    const plan = planRegistration(applications, spec, record.registration, salt);
    let id: number;
    if (plan.action === "keep") {
      id = plan.id;
    } else if (plan.action === "add") {
      id = (await prowlarr.applications.add(plan.payload)).id;
      ctx.log.info({ prowlarr: prowlarrApp, id }, "registered in Prowlarr");
    } else {
      id = (await prowlarr.applications.update(plan.payload)).id;
      ctx.log.info({ prowlarr: prowlarrApp, id, changed: plan.why }, "registration in Prowlarr updated");
    }
    await app.record.update({
      registration: { prowlarrUrl, id, fingerprint: registrationFingerprint(salt, spec), salt },
    });
    return { state: "registered", prowlarr: prowlarrApp, action: plan.action };
  } catch (err) {
    const reason = describeCallFailure(err, prowlarrApp, prowlarrUrl, "the registration");
    if (reason === undefined) throw err;
    ctx.log.warn({ prowlarr: prowlarrApp, error: (err as Error).message }, "registration in Prowlarr failed");
    return { state: "waiting", reason };
  }
}
