import { type ChildProcess, spawn } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { delimiter, posix } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { ContainerFilesystem, Mount } from "./container-filesystem";

/** What to run in the container. Paths (argv[0], cwd) are container paths. */
export interface SpawnRequest {
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  /** Container working directory; "/" when unset. */
  cwd?: string;
  uid?: number;
  gid?: number;
  /** "null" gives the process /dev/null as stdin (services); "pipe" lets the caller feed it (exec). */
  stdin: "pipe" | "null";
}

export interface ExitStatus {
  /** Exit code, or -1 when killed by a signal (Go's ExitStatus). */
  code: number;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

/** A process started in the container. */
export interface ContainerProcess {
  /** Only with `stdin: "pipe"`. */
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Host pid of the command itself (not of a launcher around it), once known. */
  readonly workloadPid: Promise<number | undefined>;
  readonly exited: Promise<ExitStatus>;
  /** Signals the command; with `group`, its whole process group (it leads one of its own). */
  signal(signal: NodeJS.Signals, group: boolean): void;
}

/**
 * How service, exec and check processes are put into the container: which host directories are
 * laid over the container root, and how a process is launched so it sees container paths.
 */
export interface ContainerSandbox {
  readonly name: string;
  /** Host directories the processes see over the root; the files API uses the same view. */
  mounts(): Mount[];
  /** Creates what the launcher needs inside the root (mount points, /bin-style symlinks). */
  prepareRoot(rootDir: string): void;
  /** Finds an executable the way the process's PATH lookup will; undefined when missing. */
  findExecutable(command: string, pathEnv: string, fs: ContainerFilesystem): string | undefined;
  spawn(fs: ContainerFilesystem, request: SpawnRequest): ContainerProcess;
}

function isExecutableFile(hostPath: string): boolean {
  try {
    if (!statSync(hostPath).isFile()) return false;
    accessSync(hostPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Go's exec.LookPath over some view of the filesystem. */
function lookPath(
  command: string,
  pathEnv: string,
  toHost: (p: string) => string | undefined,
): string | undefined {
  const check = (p: string) => {
    const host = toHost(p);
    return host !== undefined && isExecutableFile(host) ? p : undefined;
  };
  if (command.includes("/")) return check(command);
  for (const dir of pathEnv.split(delimiter)) {
    const found = check(posix.join(dir || ".", command));
    if (found) return found;
  }
  return undefined;
}

function safeToHost(fs: ContainerFilesystem, containerPath: string): string | undefined {
  try {
    return fs.resolve(containerPath).hostPath;
  } catch {
    return undefined;
  }
}

function exitStatusOf(child: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) => {
    child.once("error", (error) => resolve({ code: -1, signal: null, error }));
    child.once("exit", (code, signal) => resolve({ code: code ?? -1, signal }));
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function hostKind(path: string): "dir" | "file" | "symlink" | undefined {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return "symlink";
    if (stat.isDirectory()) return "dir";
    return stat.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

/** bwrap binds onto an existing path: an empty directory or file of the mount's kind in the root. */
function makeMountPoint(rootDir: string, mount: Mount): void {
  // A device is bound into bwrap's fresh /dev, which makes its own mount points.
  if (mount.device) return;
  const inRoot = posix.join(rootDir, mount.containerPath);
  if (hostKind(mount.hostPath) === "dir") {
    mkdirSync(inRoot, { recursive: true });
    return;
  }
  mkdirSync(posix.dirname(inRoot), { recursive: true });
  if (hostKind(inRoot) === undefined) writeFileSync(inRoot, "");
}

// --- bubblewrap ---------------------------------------------------------------------------------

export interface BubblewrapOptions {
  /** The bwrap binary; found on the server's PATH when unset. */
  bwrapPath?: string;
  /** Host directories or files bound read-only at the same container path (symlinks are recreated in the root). */
  systemPaths?: readonly string[];
  /**
   * More host directories or files laid over the root after the system paths (storage). Not inside
   * a system path: bwrap could not create their mount points there.
   */
  mounts?: readonly Mount[];
  /**
   * A network namespace to run in (`/run/netns/<pod>`): the pod's, shared by all its containers.
   * The host's network when unset.
   */
  networkNamespace?: string;
  /** Capabilities beyond a container runtime's defaults (a pod's `securityContext.capabilities.add`: `NET_ADMIN`...). */
  extraCapabilities?: readonly string[];
}

export const DEFAULT_SYSTEM_PATHS: readonly string[] = [
  "/usr",
  "/etc",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/sys",
];

// The capabilities a container runtime gives root by default: enough to chown, switch users and
// bind low ports, not enough to mount over the sandbox.
const CONTAINER_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FSETID",
  "FOWNER",
  "MKNOD",
  "NET_RAW",
  "SETGID",
  "SETUID",
  "SETFCAP",
  "SETPCAP",
  "NET_BIND_SERVICE",
  "SYS_CHROOT",
  "KILL",
  "AUDIT_WRITE",
];

/**
 * Runs processes under bubblewrap with the root directory as "/", the host's system directories
 * bound read-only over it (so Debian programs run), the extra mounts, fresh /proc and /dev, the pod's
 * network namespace (entered with nsenter; the host's network without one), and the command in a
 * session of its own.
 */
export function bubblewrapSandbox(options: BubblewrapOptions = {}): ContainerSandbox {
  const systemPaths = options.systemPaths ?? DEFAULT_SYSTEM_PATHS;
  const bwrap = options.bwrapPath ?? lookPath("bwrap", process.env.PATH ?? "", (p) => p);
  if (!bwrap) {
    throw new Error(
      "bubblewrap (bwrap) is not on PATH: install it, or start the server with sandbox: hostProcessLauncher()",
    );
  }
  const extraMounts = options.mounts ?? [];
  const boundSystemPaths = () => systemPaths.filter((p) => hostKind(p) === "dir" || hostKind(p) === "file");
  // System paths first, so nothing the host shows read-only can hide a mount.
  const allMounts = (): Mount[] => [
    ...boundSystemPaths().map((p) => ({ containerPath: p, hostPath: p, readOnly: true })),
    ...extraMounts,
  ];

  return {
    name: "bubblewrap",
    mounts: allMounts,

    prepareRoot(rootDir) {
      for (const path of systemPaths) {
        const inRoot = posix.join(rootDir, path);
        // Merged-/usr hosts have /bin -> usr/bin: give the container the same links.
        if (hostKind(path) === "symlink" && !existsSync(inRoot) && hostKind(inRoot) === undefined) {
          mkdirSync(posix.dirname(inRoot), { recursive: true });
          symlinkSync(readlinkSync(path), inRoot);
        }
      }
      for (const mount of allMounts()) makeMountPoint(rootDir, mount);
      for (const path of ["/proc", "/dev"]) mkdirSync(posix.join(rootDir, path), { recursive: true });
    },

    findExecutable: (command, pathEnv, fs) => lookPath(command, pathEnv, (p) => safeToHost(fs, p)),

    spawn(fs, request) {
      const args = ["--bind", realpathSync(fs.rootDir), "/"];
      for (const mount of allMounts()) {
        if (mount.device) continue;
        args.push(mount.readOnly ? "--ro-bind" : "--bind", mount.hostPath, mount.containerPath);
      }
      args.push("--proc", "/proc", "--dev", "/dev");
      // Devices after the fresh /dev (it would hide them), with --dev-bind: a plain bind is nodev.
      for (const mount of allMounts()) {
        if (mount.device) args.push("--dev-bind", mount.hostPath, mount.containerPath);
      }
      args.push("--new-session", "--die-with-parent", "--info-fd", "3");
      const capabilities = [...new Set([...CONTAINER_CAPABILITIES, ...(options.extraCapabilities ?? [])])];
      args.push("--cap-drop", "ALL", ...capabilities.flatMap((cap) => ["--cap-add", `CAP_${cap}`]));
      args.push("--chdir", request.cwd || "/", "--");
      if (request.uid !== undefined && request.gid !== undefined) {
        // bwrap can only change ids with a user namespace; setpriv switches them inside.
        args.push("setpriv", `--reuid=${request.uid}`, `--regid=${request.gid}`, "--clear-groups", "--");
      }
      args.push(...request.argv);
      const netns = options.networkNamespace;
      // nsenter execs bwrap in place: the same pid, and the info fd passes through.
      const [file, argv] = netns ? ["nsenter", [`--net=${netns}`, "--", bwrap, ...args]] : [bwrap, args];
      const child = spawn(file, argv, {
        env: { ...request.env },
        stdio: [request.stdin === "pipe" ? "pipe" : "ignore", "pipe", "pipe", "pipe"],
        detached: true,
      });
      const workloadPid = new Promise<number | undefined>((resolve) => {
        let info = "";
        const infoPipe = child.stdio[3] as Readable | null;
        if (!infoPipe) return resolve(undefined);
        infoPipe.setEncoding("utf8");
        infoPipe.on("data", (chunk: string) => {
          info += chunk;
        });
        infoPipe.on("error", () => resolve(undefined));
        infoPipe.on("close", () => {
          try {
            resolve((JSON.parse(info) as { "child-pid"?: number })["child-pid"]);
          } catch {
            resolve(undefined);
          }
        });
      });
      return containerProcess(child, workloadPid);
    },
  };
}

/**
 * A spawned child as a ContainerProcess. Signals go to the workload (its whole group when
 * asked) once its pid is known; before that (or if the sandbox never reported it) only the
 * child itself can be reached. Nothing is sent once it has exited.
 */
function containerProcess(child: ChildProcess, workloadPid: Promise<number | undefined>): ContainerProcess {
  const exited = exitStatusOf(child);
  let done = false;
  void exited.then(() => {
    done = true;
  });
  return {
    stdin: child.stdin,
    stdout: child.stdout as Readable,
    stderr: child.stderr as Readable,
    workloadPid,
    exited,
    signal(signal, group) {
      void workloadPid.then((pid) => {
        if (done) return;
        if (pid !== undefined) killQuietly(group ? -pid : pid, signal);
        else if (child.pid !== undefined) killQuietly(child.pid, signal);
      });
    },
  };
}

// --- no sandbox ---------------------------------------------------------------------------------

/**
 * Runs processes directly on the host, for machines without bubblewrap. They see host paths:
 * only the working directory is mapped into the root; argv is passed as is.
 */
export function hostProcessLauncher(): ContainerSandbox {
  return {
    name: "host",
    mounts: () => [],
    prepareRoot: () => {},
    findExecutable: (command, pathEnv) => lookPath(command, pathEnv, (p) => p),
    spawn(fs, request) {
      const [command, ...args] = request.argv;
      const child = spawn(command ?? "", args, {
        env: { ...request.env },
        cwd: fs.resolve(request.cwd || "/").hostPath,
        stdio: [request.stdin === "pipe" ? "pipe" : "ignore", "pipe", "pipe"],
        detached: true,
        uid: request.uid,
        gid: request.gid,
      });
      return containerProcess(child, Promise.resolve(child.pid));
    },
  };
}
