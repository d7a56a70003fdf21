import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { MediaManagementConfig } from "./media-management-config";

// How the apps put a downloaded file into the library (DiskTransferService.TransferFile with
// TransferMode.HardLinkOrCopy, what a still-seeding torrent gets): a hardlink when
// "Use hardlinks instead of copy" is on and link(2) succeeds, else a copy through
// `<target>.partial~`; never a move, the torrent keeps seeding from its own path. link(2) fails
// across filesystems or mounts (EXDEV) and under fs.protected_hardlinks for a file the process
// may not write (EPERM): both fall back to a copy, as the app does. Folders the import creates,
// and the imported file, get the media-management permissions when setPermissionsLinux is on.

export type TransferMode = "hardlink" | "copy";

export type ImportPermissions = Pick<
  MediaManagementConfig,
  "setPermissionsLinux" | "chmodFolder" | "chownGroup" | "copyUsingHardlinks"
>;

export type ImportLog = (level: "Info" | "Warn" | "Debug", source: string, message: string) => void;

/** What link(2) is, replaceable so a test can make it fail as another filesystem would. */
export type LinkFile = (source: string, target: string) => void;

/** A group name or number → gid (the name looked up in /etc/group); undefined when unknown. */
function groupId(group: string): number | undefined {
  if (/^\d+$/.test(group)) return Number(group);
  try {
    for (const line of readFileSync("/etc/group", "utf8").split("\n")) {
      const [name, , gid] = line.split(":");
      if (name === group && gid) return Number(gid);
    }
  } catch {
    // No /etc/group: the name cannot be resolved.
  }
  return undefined;
}

/** DiskProvider.SetPermissions: the folder mask on folders, without the x bits on files; then the group. */
export function applyPermissions(path: string, settings: ImportPermissions, log: ImportLog): void {
  if (!settings.setPermissionsLinux) return;
  try {
    const folderMode = Number.parseInt(settings.chmodFolder, 8);
    const isFolder = statSync(path).isDirectory();
    chmodSync(path, isFolder ? folderMode : folderMode & ~0o111);
    if (settings.chownGroup) {
      const gid = groupId(settings.chownGroup);
      if (gid === undefined) throw new Error(`unknown group '${settings.chownGroup}'`);
      chownSync(path, -1, gid);
    }
  } catch (error) {
    log("Warn", "DiskProvider", `Unable to apply permissions to: ${path} (${(error as Error).message})`);
  }
}

/** Creates `folder` (below `root`, which must exist) level by level, each new level with the permissions. */
export function createImportFolder(
  root: string,
  folder: string,
  settings: ImportPermissions,
  log: ImportLog,
): void {
  const parts = relative(root, folder)
    .split(sep)
    .filter((part) => part !== "");
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    if (existsSync(path)) continue;
    mkdirSync(path);
    log("Debug", "DiskProvider", `Created folder: ${path}`);
    applyPermissions(path, settings, log);
  }
}

const sameFile = (a: string, b: string) => {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
};

/**
 * Puts `source` at `target` (its folder must exist): hardlink if allowed and possible, else a
 * copy. An existing different file at `target` is replaced (the app would upgrade it).
 */
export function hardlinkOrCopy(
  source: string,
  target: string,
  settings: ImportPermissions,
  log: ImportLog,
  linkFile: LinkFile = linkSync,
): TransferMode {
  if (sameFile(source, target)) return "hardlink";
  if (existsSync(target)) rmSync(target, { force: true });
  if (settings.copyUsingHardlinks) {
    log("Debug", "DiskTransferService", `HardLinkOrCopy [${source}] > [${target}]`);
    try {
      linkFile(source, target);
      applyPermissions(target, settings, log);
      return "hardlink";
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown";
      log("Debug", "DiskProvider", `Hardlink '${source}' to '${target}' failed (${code}), copying instead`);
    }
  } else {
    log("Debug", "DiskTransferService", `Copy [${source}] > [${target}]`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial~`;
  copyFileSync(source, partial);
  renameSync(partial, target);
  applyPermissions(target, settings, log);
  return "copy";
}
