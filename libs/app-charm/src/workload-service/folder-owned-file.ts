import { posix } from "node:path";
import type { Ownership, PebbleClient } from "@charmarr/pebble";

/**
 * Writes a file the app reads (its config, with its credential) owned as the folder it sits in:
 * Pebble writes as root, and the app, once it runs as the stack's PUID:PGID (media-storage), could
 * no longer read a 0600 root-owned file. The app's /config is handed to PUID:PGID when the
 * storage arrives (ensureFolderOwner), so whatever is written there after follows; an app
 * without shared storage keeps root's /config, and root's files.
 */
export async function pushAsFolderOwner(
  pebble: PebbleClient,
  path: string,
  content: string,
  permissions: number,
): Promise<void> {
  const owner = await folderOwner(pebble, posix.dirname(path));
  await pebble.push(path, content, { permissions, makeDirs: true, ...owner });
}

/** The owner of `dir`, or of its nearest existing ancestor (the folders Pebble makes take it too). */
async function folderOwner(pebble: PebbleClient, dir: string): Promise<Ownership> {
  for (let at = dir; ; at = posix.dirname(at)) {
    const info = await pebble.stat(at);
    if (info) {
      if (info.userId == null || info.groupId == null) return {};
      return { userId: info.userId, groupId: info.groupId };
    }
    if (at === "/") return {};
  }
}

/**
 * Hands `dir` (the app's /config) and everything in it to `owner`, only when the folder itself
 * is someone else's: a recursive chown at every hook would walk a library's worth of metadata
 * (spec §5 weak point 13).
 */
export async function ensureFolderOwner(
  pebble: PebbleClient,
  dir: string,
  owner: { userId: number; groupId: number },
): Promise<void> {
  const info = await pebble.stat(dir);
  if (!info) {
    await pebble.makeDir(dir, { makeParents: true, permissions: 0o700, ...owner });
    return;
  }
  if (info.userId === owner.userId && info.groupId === owner.groupId) return;
  await pebble.execOrThrow(["chown", "-R", `${owner.userId}:${owner.groupId}`, dir], { timeoutMs: 300_000 });
}
