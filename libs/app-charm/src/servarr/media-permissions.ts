import type { CharmContext } from "@charmarr/charm";
import { type MediaManagerApp, MediaManagerClient } from "@charmarr/workloads";
import { sharedDirMode } from "../media-storage/media-tree";
import { describeCallFailure } from "./servarr-errors";
import type { RunningServarr } from "./servarr-service";

/**
 * The manager shares what it imports as the stack's umask says: the app runs with umask 077 (its
 * config.xml and database hold keys), so its own "Set Permissions" (chmodFolder, files without
 * the execute bits) opens the folders and files it makes in the library to the stack's group.
 * Hardlinks and copies are on by default and left alone. False when the app could not be asked
 * (a status says why).
 */
export async function reconcileMediaPermissions(
  ctx: CharmContext<unknown>,
  manager: MediaManagerApp,
  app: RunningServarr,
): Promise<boolean> {
  if (!app.media) return true;
  const chmodFolder = sharedDirMode(app.media.storage.umask).toString(8);
  const client = new MediaManagerClient({ app: manager, url: app.localApiUrl, apiKey: app.apiKey });
  try {
    const current = await client.mediaManagement.get();
    if (current.setPermissionsLinux === true && current.chmodFolder === chmodFolder) return true;
    await client.mediaManagement.put({ ...current, setPermissionsLinux: true, chmodFolder });
    ctx.log.info({ chmodFolder }, "library permissions follow the stack's umask");
    return true;
  } catch (err) {
    const reason = describeCallFailure(err, manager, app.localApiUrl, "the media management settings");
    if (reason === undefined) throw err;
    ctx.status.waiting(`library permissions: ${reason}`);
    return false;
  }
}
