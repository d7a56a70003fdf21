import type { CharmContext } from "@charmarr/charm";
import type { PebbleClient } from "@charmarr/pebble";
import type { OwnedSecret, OwnedSecretDefinition, SecretContent } from "@charmarr/secrets";
import { mountMediaStorage } from "../media-storage";
import type { AppAddress, AppService, AppState, SharedMedia } from "../workload-service";

/** What every downloader charm's config has, and starting it reads. */
export interface DownloaderConfig {
  timezone: string;
  "rotation-interval": string;
}

/**
 * Writes the app's config with the credential in it (and the shared volume's umask, as the app
 * applies it); says whether a running app must restart.
 */
export type CredentialSeed<T> = (
  pebble: PebbleClient,
  address: AppAddress,
  credential: T,
  media: SharedMedia,
) => Promise<{ restart: boolean }>;

export type RunningDownloader<T extends SecretContent> =
  | { ok: true; app: Extract<AppState, { ok: true }>; secret: OwnedSecret<T>; media: SharedMedia }
  | { ok: false; reason: string };

/**
 * Leader: the shared media volume mounted (media-storage-mount.ts), the credential (found,
 * created, or repaired after drift) seeded into the app's config before its first start, the
 * app run under Pebble as the stack's ids, with `downloadDir` made on the volume, and waited
 * for. Other units stop the app and say so. Not ok: a status already says why.
 */
export async function startDownloader<T extends SecretContent, C extends DownloaderConfig>(
  ctx: CharmContext<C>,
  service: AppService,
  secret: OwnedSecretDefinition<T, "rotation-interval", C>,
  seed: CredentialSeed<T>,
  downloadDir: string,
): Promise<RunningDownloader<T>> {
  if (!(await ctx.isLeader())) {
    const standby = await service.run(ctx, async () => ({ restart: false }));
    return standby.ok ? { ok: false, reason: "standby" } : standby;
  }
  // After a rotation in this hook, the rotated secret: the seed writes the newest.
  const [mounted, credential] = await Promise.all([
    mountMediaStorage(ctx, service.spec.container),
    secret.get(ctx),
  ]);
  if (!mounted.ok) return { ok: false, reason: "media storage not mounted" };
  if (!credential.ok) {
    ctx.status.waiting(credential.reason);
    return credential;
  }
  const media: SharedMedia = { storage: mounted.storage, dirs: [downloadDir] };
  const app = await service.run(
    ctx,
    (pebble, address) => seed(pebble, address, credential.secret.content, media),
    media,
  );
  if (!app.ok) return app;
  return { ok: true, app, secret: credential.secret, media };
}

/**
 * Active (with `note`, such as where its traffic goes), or Waiting with every reason the download
 * client is not fully serving yet.
 */
export function reportDownloader(ctx: CharmContext<unknown>, reasons: readonly string[], note = ""): void {
  if (reasons.length === 0) ctx.status.active(note);
  else ctx.status.waiting(reasons.join("; "));
}
