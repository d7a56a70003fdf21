import { readdirSync, statSync } from "node:fs";

// A container's processes are those whose root directory is the container's root, whatever session
// or process group they moved to (a daemonising app escapes Pebble's group kill, not this).

function sameFile(a: { dev: number; ino: number }, b: { dev: number; ino: number }): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Host pids of the live processes rooted at `rootDir`. */
export function containerPids(rootDir: string): number[] {
  let root: { dev: number; ino: number };
  try {
    root = statSync(rootDir);
  } catch {
    return [];
  }
  if (sameFile(root, statSync("/"))) throw new Error(`refusing to treat the host root as a container root`);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Follows the magic link into the process's root; zombies and vanished processes throw.
      if (sameFile(statSync(`/proc/${entry}/root`), root)) pids.push(Number(entry));
    } catch {
      // Gone, or a zombie: nothing to kill.
    }
  }
  return pids;
}

/** SIGKILLs every process of the container until none is left, as a container runtime does. */
export async function killContainerProcesses(rootDir: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = containerPids(rootDir);
    if (pids.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`processes ${pids.join(", ")} of container root ${rootDir} survived SIGKILL`);
    }
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Exited meanwhile.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
