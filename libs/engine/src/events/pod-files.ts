import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import type { PodStorage, WorkloadContainer } from "../workload/workload-pod";
import type { LargePodFile, PodFile } from "./pod-provider";

// Bounds: the scan looks for secrets in config files, not through a whole media library. Files
// over MAX_FILE_BYTES are listed apart, without content (the scanner reads them in chunks).
const MAX_FILE_BYTES = 1 << 20;
const MAX_FILES = 5000;

/**
 * The regular files a pod's workloads can see, as the leak scanner reads them: each container's
 * root (stopped ones too: their files stay until the container is made afresh), and the storage
 * mounted into it (at its container path).
 */
export function podFiles(
  containers: readonly WorkloadContainer[],
  storage: readonly PodStorage[],
): PodFile[] {
  return podFileList(containers, storage).files;
}

/** podFiles, and the files over 1 MiB apart. */
export function podFileList(
  containers: readonly WorkloadContainer[],
  storage: readonly PodStorage[],
): { files: PodFile[]; largeFiles: LargePodFile[] } {
  const files: PodFile[] = [];
  const largeFiles: LargePodFile[] = [];
  const add = (container: string, hostDir: string, containerDir: string): void =>
    walk(hostDir, (hostPath, relative, mode, size) => {
      if (files.length + largeFiles.length >= MAX_FILES) return;
      const path = posix.join(containerDir, relative);
      if (size > MAX_FILE_BYTES) {
        largeFiles.push({ container, path, mode, hostPath, size });
        return;
      }
      let content: string;
      try {
        content = readFileSync(hostPath, "utf8");
      } catch {
        return; // gone meanwhile
      }
      files.push({ container, path, mode, content });
    });
  for (const container of containers) add(container.name, container.rootDir, "/");
  for (const { hostDir, mounts } of storage) {
    for (const mount of mounts) {
      if (containers.some((c) => c.name === mount.container)) add(mount.container, hostDir, mount.location);
    }
  }
  return { files, largeFiles };
}

/** Regular files below `dir` (symlinks and sockets skipped), with paths relative to it. */
function walk(
  dir: string,
  visit: (path: string, relative: string, mode: number, size: number) => void,
  prefix = "",
): void {
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
    else if (stat.isFile()) visit(path, relative, stat.mode, stat.size);
  }
}
