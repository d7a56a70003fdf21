/**
 * TEST FIXTURE: an in-memory file tree behind the files API (spec A.7), with Go's error
 * texts and Pebble's error kinds, and a knob to make paths permission-denied.
 */
import { posix } from "node:path";
import { HttpError, notFound } from "./wire-responses";

export interface FakeEntry {
  type: "file" | "directory";
  content: Buffer;
  permissions: number;
  userId: number | null;
  user: string;
  groupId: number | null;
  group: string;
  lastModified: Date;
}

export interface PathError {
  message: string;
  kind: "not-found" | "permission-denied" | "generic-file-error";
}

export interface Ownership {
  "user-id"?: number;
  user?: string;
  "group-id"?: number;
  group?: string;
}

type Result = PathError | undefined;

const notFoundError = (op: string, path: string): PathError => ({
  message: `${op} ${path}: no such file or directory`,
  kind: "not-found",
});

export class FakeFilesystem {
  readonly entries = new Map<string, FakeEntry>([
    ["/", this.#entry("directory", Buffer.alloc(0), 0o755, {})],
  ]);
  /** Paths whose reads and writes fail with EACCES. */
  readonly denied = new Set<string>();

  #entry(type: FakeEntry["type"], content: Buffer, permissions: number, owner: Ownership): FakeEntry {
    return {
      type,
      content,
      permissions,
      userId: owner["user-id"] ?? (owner.user ? 1000 : 0),
      user: owner.user ?? (owner["user-id"] === undefined ? "root" : ""),
      groupId: owner["group-id"] ?? (owner.group || owner.user ? 1000 : 0),
      group: owner.group ?? owner.user ?? (owner["group-id"] === undefined ? "root" : ""),
      lastModified: new Date(),
    };
  }

  #check(op: string, path: string): Result {
    if (!path.startsWith("/"))
      return { message: `paths must be absolute, got "${path}"`, kind: "generic-file-error" };
    if (this.denied.has(path))
      return { message: `${op} ${path}: permission denied`, kind: "permission-denied" };
    return undefined;
  }

  #parentIsDir(path: string): boolean {
    return this.entries.get(posix.dirname(path))?.type === "directory";
  }

  #mkdirAll(path: string, owner: Ownership): void {
    if (this.entries.has(path)) return;
    this.#mkdirAll(posix.dirname(path), owner);
    this.entries.set(path, this.#entry("directory", Buffer.alloc(0), 0o755, owner));
  }

  write(
    path: string,
    content: Buffer,
    meta: { "make-dirs"?: boolean; permissions?: string } & Ownership,
  ): Result {
    const bad = this.#check("open", path);
    if (bad) return bad;
    if (meta.permissions !== undefined && !/^[0-7]{3}$/.test(meta.permissions)) {
      return {
        message: `file permissions must be a 3-digit octal string, got "${meta.permissions}"`,
        kind: "generic-file-error",
      };
    }
    if (meta["make-dirs"]) this.#mkdirAll(posix.dirname(path), meta);
    if (!this.#parentIsDir(path)) return notFoundError("open", path);
    const mode = meta.permissions === undefined ? 0o644 : Number.parseInt(meta.permissions, 8);
    this.entries.set(path, this.#entry("file", content, mode, meta));
    return undefined;
  }

  read(path: string): { content: Buffer } | { error: PathError } {
    const bad = this.#check("open", path);
    if (bad) return { error: bad };
    const entry = this.entries.get(path);
    if (!entry) return { error: notFoundError("stat", path) };
    if (entry.type !== "file") {
      return { error: { message: `can only read a regular file: "${path}"`, kind: "generic-file-error" } };
    }
    return { content: entry.content };
  }

  makeDir(path: string, meta: { "make-parents"?: boolean; permissions?: string } & Ownership): Result {
    const bad = this.#check("mkdir", path);
    if (bad) return bad;
    const mode = meta.permissions === undefined ? 0o755 : Number.parseInt(meta.permissions, 8);
    if (meta["make-parents"]) {
      if (this.entries.get(path)?.type === "directory") return undefined;
      this.#mkdirAll(posix.dirname(path), meta);
    }
    if (this.entries.has(path)) return { message: `mkdir ${path}: file exists`, kind: "generic-file-error" };
    if (!this.#parentIsDir(path)) return notFoundError("mkdir", path);
    this.entries.set(path, this.#entry("directory", Buffer.alloc(0), mode, meta));
    return undefined;
  }

  remove(path: string, recursive: boolean): Result {
    const bad = this.#check("remove", path);
    if (bad) return bad;
    const children = [...this.entries.keys()].filter((p) => p.startsWith(`${path}/`));
    if (!this.entries.has(path)) return recursive ? undefined : notFoundError("remove", path);
    if (!recursive && children.length)
      return { message: `remove ${path}: directory not empty`, kind: "generic-file-error" };
    for (const p of [path, ...children]) this.entries.delete(p);
    return undefined;
  }

  /** GET action=list: whole-request errors (404 not-found for a missing path). */
  list(path: string, pattern: string | null, itself: boolean): Record<string, unknown>[] {
    if (!path.startsWith("/")) throw new HttpError(400, `path must be absolute, got "${path}"`);
    const entry = this.entries.get(path);
    if (!entry) throw notFound(`stat ${path}: no such file or directory`, "not-found");
    const paths =
      itself || entry.type !== "directory"
        ? [path]
        : [...this.entries.keys()].filter((p) => p !== "/" && posix.dirname(p) === path).sort();
    const glob =
      pattern === null
        ? undefined
        : new RegExp(
            `^${pattern
              .replace(/[.+^${}()|\\]/g, "\\$&")
              .replace(/\*/g, "[^/]*")
              .replace(/\?/g, "[^/]")}$`,
          );
    return paths
      .filter((p) => !glob || glob.test(posix.basename(p)))
      .map((p) => {
        const e = this.entries.get(p) as FakeEntry;
        const out: Record<string, unknown> = {
          path: p,
          name: p === "/" ? "/" : posix.basename(p),
          type: e.type,
        };
        if (e.type === "file") out.size = e.content.length;
        out.permissions = e.permissions.toString(8).padStart(3, "0");
        out["last-modified"] = e.lastModified.toISOString();
        out["user-id"] = e.userId;
        out["group-id"] = e.groupId;
        out.user = e.user;
        out.group = e.group;
        return out;
      });
  }
}
