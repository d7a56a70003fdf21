import { accessSync, constants, lstatSync, readdirSync, readlinkSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type HookLauncher, inNetworkNamespace } from "./hook-launcher";

export interface BubblewrapLauncherOptions {
  /** The bwrap binary; looked up on the engine's PATH when unset. */
  bwrapPath?: string;
  /** Bind the host read-write (like `--bind / /`). Default: read-only but /tmp and the charm dir. */
  writableHost?: boolean;
  /** More host paths the hook may write to when the host is read-only. */
  writable?: readonly string[];
}

/** Where a Kubernetes charm container sees each workload's Pebble (contract §6.2). */
export const CONTAINERS_DIR = "/charm/containers";

// Replaced by fresh instances; /charm is ours to build.
const NOT_BOUND = new Set(["proc", "dev", "charm"]);

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir || ".", command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/**
 * Binds the host's top-level entries one by one into bwrap's own tmpfs root instead of `--bind / /`:
 * the mount points under /charm are then made in that tmpfs, never on the host.
 */
function hostRootArgs(writableHost: boolean): string[] {
  const args: string[] = [];
  for (const name of readdirSync("/")) {
    if (NOT_BOUND.has(name)) continue;
    const path = `/${name}`;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) args.push("--symlink", readlinkSync(path), path);
    else args.push(writableHost || path === "/tmp" ? "--bind" : "--ro-bind", path, path);
  }
  return args;
}

/**
 * Runs the hook under bubblewrap: the host filesystem, fresh /proc and /dev, each container's
 * socket directory at `/charm/containers/<name>`, and, when the pod has a network namespace, that
 * namespace with the pod's /etc/hosts and /etc/resolv.conf (the host's network otherwise).
 */
export function bubblewrapLauncher(options: BubblewrapLauncherOptions = {}): HookLauncher {
  const bwrap = options.bwrapPath ?? findOnPath("bwrap");
  if (!bwrap) throw new Error("bubblewrap (bwrap) is not on PATH: install it or use plainLauncher()");
  const writableHost = options.writableHost ?? false;
  return {
    name: "bubblewrap",
    command(launch) {
      const args = ["--die-with-parent", ...hostRootArgs(writableHost), "--proc", "/proc", "--dev", "/dev"];
      if (!writableHost) {
        for (const path of [launch.cwd, ...(options.writable ?? [])]) args.push("--bind", path, path);
      }
      for (const [name, hostDir] of Object.entries(launch.containers)) {
        if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`bad container name ${JSON.stringify(name)}`);
        args.push("--bind", hostDir, `${CONTAINERS_DIR}/${name}`);
      }
      if (launch.network) {
        // The pod's names; the files are rewritten in place, so the binds follow pod churn.
        const { etcDir } = launch.network;
        args.push("--ro-bind", join(etcDir, "hosts"), "/etc/hosts");
        args.push("--ro-bind", join(etcDir, "resolv.conf"), "/etc/resolv.conf");
      }
      args.push("--chdir", launch.cwd, "--", launch.executable);
      return inNetworkNamespace({ file: bwrap, args }, launch.network);
    },
  };
}
