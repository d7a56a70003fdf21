import { lstatSync, readlinkSync } from "node:fs";
import { posix } from "node:path";

/** A host directory that appears at a container path (e.g. the host's /usr, read-only). */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readOnly: boolean;
  /**
   * A host device node (a hostPath `CharDevice`: /dev/net/tun). The sandbox binds it after making
   * the container's fresh /dev, which would hide it otherwise.
   */
  device?: true;
}

/** Where a container path lives on the host. */
export interface ResolvedPath {
  /** The container path with symlinks resolved (the final one only when following). */
  containerPath: string;
  hostPath: string;
  readOnly: boolean;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "no such file or directory",
  EEXIST: "file exists",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  ENOTEMPTY: "directory not empty",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ELOOP: "too many levels of symbolic links",
  EINVAL: "invalid argument",
  EBUSY: "device or resource busy",
  EXDEV: "invalid cross-device link",
  ENOSPC: "no space left on device",
};

/** The strerror text Go prints for an errno code ("no such file or directory"). */
export function errnoText(code: string): string {
  return ERRNO_TEXT[code] ?? code.toLowerCase();
}

/** A filesystem error with Go's os.PathError text, e.g. "stat /config/x: no such file or directory". */
export class FsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "FsError";
  }

  static of(op: string, path: string, code: string): FsError {
    return new FsError(code, `${op} ${path}: ${errnoText(code)}`);
  }

  /** Rewrites a Node fs error so it names the container path, not the host one. */
  static from(error: unknown, op: string, path: string): Error {
    if (error instanceof FsError) return error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return code ? FsError.of(op, path, code) : (error as Error);
  }
}

/** A path that tries to climb above the container root with "..". */
export class PathEscapeError extends FsError {
  constructor(path: string) {
    super("EACCES", `cannot access ${JSON.stringify(path)}: path escapes the container root`);
    this.name = "PathEscapeError";
  }
}

const MAX_SYMLINKS = 40;

/**
 * The container's filesystem as its processes see it: the root directory, plus the mounts the
 * sandbox lays over it. Paths resolve like a chroot: symlinks are followed inside the container
 * view, never on the host, so nothing outside the root and the mounts can be reached.
 */
export class ContainerFilesystem {
  private readonly mounts: Mount[];

  constructor(
    readonly rootDir: string,
    mounts: readonly Mount[] = [],
  ) {
    // Longest container path first, so the most specific mount wins.
    this.mounts = [...mounts].sort((a, b) => b.containerPath.length - a.containerPath.length);
  }

  /**
   * Maps an absolute container path to the host. A ".." that would climb above "/" is rejected.
   * With `followFinal` false, a final symlink is not followed (remove, lstat).
   */
  resolve(containerPath: string, followFinal = true): ResolvedPath {
    const queue = lexicalComponents(containerPath);
    const resolved: string[] = [];
    let links = 0;
    let missing = false;
    while (queue.length > 0) {
      const part = queue.shift() as string;
      if (part === "..") {
        resolved.pop();
        continue;
      }
      const candidate = [...resolved, part];
      if (missing || (queue.length === 0 && !followFinal)) {
        resolved.push(part);
        continue;
      }
      const host = this.hostPathOf(candidate);
      let isLink = false;
      try {
        isLink = lstatSync(host.hostPath).isSymbolicLink();
      } catch {
        missing = true;
      }
      if (!isLink) {
        resolved.push(part);
        continue;
      }
      links += 1;
      if (links > MAX_SYMLINKS) throw FsError.of("stat", containerPath, "ELOOP");
      const target = readlinkSync(host.hostPath);
      if (target.startsWith("/")) resolved.length = 0;
      queue.unshift(...target.split("/").filter((p) => p !== "" && p !== "."));
    }
    return this.hostPathOf(resolved);
  }

  /** Whether a mount sits exactly at this (resolved) container path. */
  isMountPoint(containerPath: string): boolean {
    return this.mounts.some((mount) => mount.containerPath === containerPath);
  }

  /** Throws PathEscapeError when ".." in `containerPath` would climb above "/". */
  assertInside(containerPath: string): void {
    lexicalComponents(containerPath);
  }

  /** Like resolve, but for operations that change things: read-only mounts give EROFS. */
  resolveWritable(containerPath: string, op: string, followFinal = true): ResolvedPath {
    const resolved = this.resolve(containerPath, followFinal);
    if (resolved.readOnly) throw FsError.of(op, containerPath, "EROFS");
    return resolved;
  }

  private hostPathOf(components: readonly string[]): ResolvedPath {
    const containerPath = `/${components.join("/")}`;
    for (const mount of this.mounts) {
      const prefix = mount.containerPath;
      if (containerPath === prefix || containerPath.startsWith(`${prefix}/`)) {
        return {
          containerPath,
          hostPath: posix.join(mount.hostPath, containerPath.slice(prefix.length)),
          readOnly: mount.readOnly,
        };
      }
    }
    return { containerPath, hostPath: posix.join(this.rootDir, containerPath), readOnly: false };
  }
}

/** Splits an absolute path into components, applying "." and ".." lexically. */
function lexicalComponents(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) throw new PathEscapeError(path);
      out.pop();
    } else out.push(part);
  }
  return out;
}
