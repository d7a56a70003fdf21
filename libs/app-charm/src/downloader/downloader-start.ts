import type { CharmContext } from "@charmarr/charm";
import type { PebbleClient } from "@charmarr/pebble";
import type { OwnedSecret, OwnedSecretState, SecretContent } from "@charmarr/secrets";
import type { AppAddress, AppService, AppState } from "../workload-service";

type Ctx = CharmContext<unknown>;

/** Writes the app's config with the credential in it; says whether a running app must restart. */
export type CredentialSeed<T> = (
  pebble: PebbleClient,
  address: AppAddress,
  credential: T,
) => Promise<{ restart: boolean }>;

export type RunningDownloader<T> =
  | { ok: true; app: Extract<AppState, { ok: true }>; secret: OwnedSecretState<T> }
  | { ok: false; reason: string };

/**
 * Leader: the credential (found, created, or repaired after drift), seeded into the app's config
 * before its first start, the app run under Pebble and waited for. Other units stop the app and
 * say so. Not ok: a status already says why.
 */
export async function startDownloader<T extends SecretContent>(
  ctx: Ctx,
  service: AppService,
  secret: OwnedSecret<T>,
  seed: CredentialSeed<T>,
): Promise<RunningDownloader<T>> {
  if (!(await ctx.isLeader())) {
    const standby = await service.run(ctx, async () => ({ restart: false }));
    return standby.ok ? { ok: false, reason: "standby" } : standby;
  }
  const credential = await secret.ensure(ctx);
  if (!credential.ok) {
    ctx.status.waiting(credential.reason);
    return credential;
  }
  // The content object is the one a rotation in this hook updates, so the seed sees the newest.
  const app = await service.run(ctx, (pebble, address) => seed(pebble, address, credential.secret.content));
  if (!app.ok) return app;
  return { ok: true, app, secret: credential.secret };
}

/** Active, or Waiting with every reason the download client is not fully serving yet. */
export function reportDownloader(ctx: Ctx, reasons: readonly string[]): void {
  if (reasons.length === 0) ctx.status.active();
  else ctx.status.waiting(reasons.join("; "));
}
