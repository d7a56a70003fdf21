import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import type { PodStorage, WorkloadContainer } from "../workload/workload-pod";
import type { PodFile } from "./pod-provider";

// Bounds: the scan looks for secrets in config files, not through a whole media library.
const MAX_FILE_BYTES = 1 << 20;
const MAX_FILES = 5000;

/**
 * The regular files a pod's workloads can see, as the leak scanner reads them: each running
 * container's root, and the storage mounted into it (at its container path).
 */
export function podFiles(
  containers: readonly WorkloadContainer[],
  storage: readonly PodStorage[],
): PodFile[] {
  const files: PodFile[] = [];
  const add = (container: string, hostDir: string, containerDir: string): void =>
    walk(hostDir, (hostPath, relative, mode) => {
      if (files.length >= MAX_FILES) return;
      const content = readFileSync(hostPath, "utf8");
      files.push({ container, path: posix.join(containerDir, relative), mode, content });
    });
  for (const container of containers) add(container.name, container.rootDir, "/");
  for (const { hostDir, mounts } of storage) {
    for (const mount of mounts) {
      if (containers.some((c) => c.name === mount.container)) add(mount.container, hostDir, mount.location);
    }
  }
  return files;
}

/** Regular files below `dir` (symlinks, sockets and big files skipped), with paths relative to it. */
function walk(dir: string, visit: (path: string, relative: string, mode: number) => void, prefix = ""): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // gone meanwhile, or not readable
  }
  for (const entry of entries.sort()) {
    const path = join(dir, entry);
    const relative = prefix ? `${prefix}/${entry}` : entry;
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) walk(path, visit, relative);
    else if (stat.isFile() && stat.size <= MAX_FILE_BYTES) visit(path, relative, stat.mode);
  }
}
