import type { CharmContext, Status } from "@charmarr/charm";
import type { PebbleClient } from "@charmarr/pebble";
import type { OwnedSecretDefinition, SecretContent } from "@charmarr/secrets";
import type { AppService } from "../workload-service";
import type { DownloaderConfig } from "./downloader-start";

/**
 * Whether the app's config file, as it is now, holds `credential` and the charm's settings that
 * come from config (what comes from relation data, such as the storage's umask, is left to the
 * next full hook). May throw: a file the app would refuse is the full path's to report.
 */
export type SteadyConfigCheck<T> = (pebble: PebbleClient, credential: T) => Promise<boolean>;

/**
 * A steady update-status of the leader (ctx.steadyStatus) checks only what can change without
 * an event: the app answering, the credential (drift repaired by `secret.get`, a key reset in
 * the web UI adopted) and the app's config file (`holds`). The media mount, the folders, the
 * Pebble layer and the managers' relations are left as the last full hook made them: they change
 * only with events of their own (relation, config, secret, a recreated pod's hooks), so neither
 * the media-storage nor the download-client relation is read. Returns the status to keep;
 * undefined in any other hook or when anything is off, and the full path then runs and repairs it.
 */
export async function steadyDownloader<T extends SecretContent, C extends DownloaderConfig>(
  ctx: CharmContext<C>,
  service: AppService,
  secret: OwnedSecretDefinition<T, "rotation-interval", C>,
  holds: SteadyConfigCheck<T>,
): Promise<Status | undefined> {
  const [leader, steady] = await Promise.all([ctx.isLeader(), ctx.steadyStatus()]);
  if (!leader || !steady) return undefined;
  const [credential, app] = await Promise.all([secret.get(ctx), service.reachable(ctx)]);
  if (!credential.ok || !app.ok) return undefined;
  try {
    return (await holds(app.pebble, credential.secret.content)) ? steady : undefined;
  } catch {
    return undefined;
  }
}
