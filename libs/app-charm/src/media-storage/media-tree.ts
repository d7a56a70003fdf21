import type { MediaStorageProvider } from "@charmarr/interfaces";
import { type PebbleClient, PebbleError } from "@charmarr/pebble";

/** The directory mode the stack's umask leaves (775 for 002). */
export function sharedDirMode(umask: string): number {
  return 0o777 & ~Number.parseInt(umask, 8);
}

/** The file mode the stack's umask leaves (664 for 002). */
export function sharedFileMode(umask: string): number {
  return 0o666 & ~Number.parseInt(umask, 8);
}

/**
 * Folders of the media tree (a category's, a root folder), parents first, owned PUID:PGID with
 * the umask's mode where missing; existing ones are left as the operator has them.
 */
export async function makeMediaDirs(
  pebble: PebbleClient,
  storage: MediaStorageProvider,
  dirs: readonly string[],
): Promise<void> {
  const permissions = sharedDirMode(storage.umask);
  for (const dir of dirs) {
    await pebble.makeDir(dir, {
      makeParents: true,
      permissions,
      userId: storage.puid,
      groupId: storage.pgid,
    });
  }
}

/**
 * This app's part of the media tree (`dirs`, parents first) on the shared volume: made as root
 * through Pebble, owned PUID:PGID with the umask's mode, where missing (existing ones are left
 * as the operator has them). Then the app's user must be able to write at the top: a probe file
 * is made and removed as PUID:PGID, which catches a volume owned by someone else or an NFS
 * export that squashes the ids. Not ok: the reason, for a Blocked status.
 */
export async function prepareMediaTree(
  pebble: PebbleClient,
  storage: MediaStorageProvider,
  dirs: readonly string[],
  app: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const owner = { userId: storage.puid, groupId: storage.pgid };
  const ids = `${storage.puid}:${storage.pgid}`;
  try {
    await makeMediaDirs(pebble, storage, dirs);
  } catch (err) {
    if (!(err instanceof PebbleError)) throw err;
    return { ok: false, reason: `cannot make the media folders on ${storage.mountPath}: ${err.message}` };
  }
  const top = dirs[0] ?? storage.mountPath;
  const probe = `${top}/.charmarr-${app}-probe`;
  try {
    const result = await pebble.exec(["/bin/sh", "-c", 'touch "$1" && rm -f "$1"', "probe", probe], {
      ...owner,
      timeoutMs: 10_000,
    });
    if (result.exitCode === 0) return { ok: true };
  } catch (err) {
    if (!(err instanceof PebbleError)) throw err;
  }
  return {
    ok: false,
    reason: `${top} is not writable as ${ids} (check the volume's ownership, or the NFS export's squashing)`,
  };
}

/**
 * The `chmod` mode that adds what the umask allows the group and others to what a process with
 * umask 077 made (`g+rwX,o+rX` for 002): for apps whose only way to share a file is to change it
 * after writing it (qBittorrent's run-on-completion). Never removes a bit.
 */
export function sharedChmodMode(umask: string): string {
  const allowed = 0o777 & ~Number.parseInt(umask, 8);
  const bits = (shift: number) => {
    const b = (allowed >> shift) & 0o7;
    return `${b & 0o4 ? "r" : ""}${b & 0o2 ? "w" : ""}${b & 0o1 ? "X" : ""}`;
  };
  const parts = [
    ["g", bits(3)],
    ["o", bits(0)],
  ].filter(([, b]) => b !== "");
  return parts.length === 0 ? "u+rwX" : parts.map(([who, b]) => `${who}+${b}`).join(",");
}
