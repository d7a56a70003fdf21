import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  readdirSync,
  readlinkSync,
  realpathSync,
} from "node:fs";
import { basename, delimiter, dirname, join } from "node:path";
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

/** Where Kubernetes mounts a pod's service-account files (token, ca.crt, namespace). */
export const SERVICE_ACCOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/** A path with the symlinks of its existing part resolved (`/var/run/secrets/...` → `/run/secrets/...`). */
function hostPathOf(path: string): string {
  const rest: string[] = [];
  let existing = path;
  while (!existsSync(existing)) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  return join(realpathSync(existing), ...rest);
}

/**
 * Binds a host directory's entries one by one into a tmpfs instead of binding the directory:
 * mount points made on the way to `target` are then made in tmpfs, never on the host.
 */
function entriesArgs(dir: string, target: string | undefined, writable: (path: string) => boolean): string[] {
  const args: string[] = [];
  const next = target?.slice(dir === "/" ? 1 : dir.length + 1).split("/")[0];
  for (const name of readdirSync(dir)) {
    if (dir === "/" && NOT_BOUND.has(name)) continue;
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (name === next && stat.isDirectory() && !stat.isSymbolicLink()) {
      args.push("--tmpfs", path, ...entriesArgs(path, target, writable));
    } else if (name === next) {
    } else if (stat.isSymbolicLink()) args.push("--symlink", readlinkSync(path), path);
    else args.push(writable(path) ? "--bind" : "--ro-bind", path, path);
  }
  return args;
}

/**
 * Binds the host's top-level entries one by one into bwrap's own tmpfs root instead of `--bind / /`:
 * the mount points under /charm are then made in that tmpfs, never on the host. With `target`,
 * the directories leading to it are rebuilt the same way (for the service-account mount).
 */
function hostRootArgs(writableHost: boolean, target?: string): string[] {
  return entriesArgs("/", target, (path) => writableHost || path === "/tmp");
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
      const saTarget = launch.serviceAccountDir === undefined ? undefined : hostPathOf(SERVICE_ACCOUNT_PATH);
      const args = [
        "--die-with-parent",
        ...hostRootArgs(writableHost, saTarget),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
      ];
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
        // The charm container's own trust store (an image's CAs), where the pod has one.
        if (launch.network.caBundle !== undefined)
          args.push("--ro-bind", launch.network.caBundle, "/etc/ssl/certs/ca-certificates.crt");
      }
      if (launch.serviceAccountDir !== undefined && saTarget !== undefined)
        args.push("--ro-bind", launch.serviceAccountDir, saTarget);
      args.push("--chdir", launch.cwd, "--", launch.executable);
      return inNetworkNamespace({ file: bwrap, args }, launch.network);
    },
  };
}
