import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { posix } from "node:path";
import { rfc3339Seconds } from "./clock";
import { type ContainerFilesystem, FsError } from "./container-filesystem";
import { JsonBody } from "./json-body";
import { formField, MultipartError, MultipartWriter, parseMediaType, parseMultipart } from "./multipart";
import { BadPatternError, pathMatch } from "./path-match";
import {
  ApiError,
  type ApiResponse,
  badRequest,
  type ErrorKind,
  type ErrorResult,
  envelopeBody,
  syncResponse,
} from "./response-envelope";
import type { ApiRequest } from "./router";
import { IdentityError, type UserDatabase } from "./user-database";

const MIN_BOUNDARY_LENGTH = 32;

interface FileResult {
  path: string;
  error?: ErrorResult;
}

/** An error of one path in a multi-path request, with the kind Pebble derives from it. */
function fileErrorResult(error: unknown): ErrorResult {
  const code = error instanceof FsError ? error.code : (error as NodeJS.ErrnoException | undefined)?.code;
  const kind: ErrorKind =
    code === "EACCES" || code === "EPERM"
      ? "permission-denied"
      : code === "ENOENT"
        ? "not-found"
        : "generic-file-error";
  return { message: error instanceof Error ? error.message : String(error), kind };
}

function fileErrorStatus(error: unknown): number {
  const code = error instanceof FsError ? error.code : (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return 404;
  if (code === "EACCES" || code === "EPERM") return 403;
  return 400;
}

function result(path: string, error: unknown): FileResult {
  return error === undefined ? { path } : { path, error: fileErrorResult(error) };
}

/** Keeps the errno code of `cause` under a wrapping message (Go's %w). */
function wrap(prefix: string, cause: unknown): Error {
  const message = `${prefix}: ${cause instanceof Error ? cause.message : String(cause)}`;
  return cause instanceof FsError ? new FsError(cause.code, message) : new Error(message);
}

function parsePermissions(permissions: string, fallback: number): number {
  if (permissions === "") return fallback;
  if (!/^[0-7]{3}$/.test(permissions)) {
    throw new Error(`permissions must be a 3-digit octal string, got ${JSON.stringify(permissions)}`);
  }
  return Number.parseInt(permissions, 8);
}

function fileType(stat: Stats): string {
  if (stat.isFile()) return "file";
  if (stat.isDirectory()) return "directory";
  if (stat.isSymbolicLink()) return "symlink";
  if (stat.isSocket()) return "socket";
  if (stat.isFIFO()) return "named-pipe";
  if (stat.isBlockDevice() || stat.isCharacterDevice()) return "device";
  return "unknown";
}

interface Ownership {
  uid?: number;
  gid?: number;
}

/**
 * GET and POST /v1/files over the container filesystem: list, read (multipart), write (multipart),
 * make-dirs and remove, with Pebble's per-path results and error kinds.
 */
export class FilesApi {
  // Ownership is applied only when the server may chown (it runs as root).
  private readonly canChown = process.getuid?.() === 0;

  constructor(
    private readonly fs: ContainerFilesystem,
    private readonly users: UserDatabase,
  ) {}

  get = (request: ApiRequest): ApiResponse => {
    const action = request.query.get("action") ?? "";
    if (action === "read") {
      const paths = request.query.getAll("path");
      if (paths.length === 0) throw badRequest("must specify one or more paths");
      if (request.headers.accept !== "multipart/form-data")
        throw badRequest("must accept multipart/form-data");
      return this.read(paths);
    }
    if (action === "list") {
      const path = request.query.get("path") ?? "";
      if (path === "") throw badRequest("must specify path");
      const itself = request.query.get("itself") ?? "";
      if (itself !== "true" && itself !== "false" && itself !== "") {
        throw badRequest(`itself parameter must be "true" or "false"`);
      }
      return this.list(path, request.query.get("pattern") ?? "", itself === "true");
    }
    throw badRequest(`invalid action ${JSON.stringify(action)}`);
  };

  post = async (request: ApiRequest): Promise<ApiResponse> => {
    const contentType = request.headers["content-type"] ?? "";
    let media: ReturnType<typeof parseMediaType>;
    try {
      media = parseMediaType(contentType);
    } catch {
      throw badRequest(`invalid Content-Type ${JSON.stringify(contentType)}`);
    }
    if (media.mediaType === "multipart/form-data") {
      const boundary = media.params.boundary ?? "";
      if (boundary.length < MIN_BOUNDARY_LENGTH)
        throw badRequest(`invalid boundary ${JSON.stringify(boundary)}`);
      return this.write(await request.body(), boundary);
    }
    if (media.mediaType === "application/json") {
      const body = JsonBody.parse(await request.body(), "cannot decode request body");
      const action = body.string("action");
      if (action === "make-dirs") return syncResponse(body.objects("dirs").map((dir) => this.makeDir(dir)));
      if (action === "remove") return syncResponse(body.objects("paths").map((p) => this.remove(p)));
      if (action === "write") throw badRequest(`must use multipart with "write" action`);
      throw badRequest(`invalid action ${JSON.stringify(action)}`);
    }
    throw badRequest(`invalid media type ${JSON.stringify(media.mediaType)}`);
  };

  // --- list -----------------------------------------------------------------------------------------

  private list(path: string, pattern: string, itself: boolean): ApiResponse {
    if (!path.startsWith("/")) throw badRequest(`path must be absolute, got ${JSON.stringify(path)}`);
    try {
      this.fs.assertInside(path);
      return syncResponse(this.listEntries(path, pattern, itself));
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const { message, kind } = fileErrorResult(error);
      throw new ApiError(fileErrorStatus(error), message, kind);
    }
  }

  private listEntries(path: string, pattern: string, itself: boolean): Record<string, unknown>[] {
    const host = this.fs.resolve(path).hostPath;
    let stat: Stats;
    try {
      stat = statSync(host);
    } catch (error) {
      throw FsError.from(error, "stat", path);
    }
    let entries: { name: string; stat: Stats }[];
    let dir: string;
    if (!stat.isDirectory() || itself) {
      dir = posix.dirname(path);
      entries = [{ name: posix.basename(path) || "/", stat }];
    } else {
      dir = path;
      let names: string[];
      try {
        names = readdirSync(host).sort();
      } catch (error) {
        throw FsError.from(error, "open", path);
      }
      entries = names.map((name) => ({ name, stat: lstatSync(posix.join(host, name)) }));
    }
    const out: Record<string, unknown>[] = [];
    for (const entry of entries) {
      if (pattern !== "") {
        try {
          if (!pathMatch(pattern, entry.name)) continue;
        } catch (error) {
          if (error instanceof BadPatternError) throw new FsError("EINVAL", error.message);
          throw error;
        }
      }
      out.push(this.fileInfo(posix.join(dir, entry.name), entry.stat));
    }
    return out;
  }

  private fileInfo(path: string, stat: Stats): Record<string, unknown> {
    const info: Record<string, unknown> = { path, name: posix.basename(path) || "/", type: fileType(stat) };
    if (stat.isFile()) info.size = stat.size;
    info.permissions = (stat.mode & 0o777).toString(8).padStart(3, "0");
    info["last-modified"] = rfc3339Seconds(stat.mtime);
    info["user-id"] = stat.uid;
    info.user = this.users.lookupUserId(stat.uid)?.name ?? "";
    info["group-id"] = stat.gid;
    info.group = this.users.lookupGroupId(stat.gid)?.name ?? "";
    return info;
  }

  // --- read -----------------------------------------------------------------------------------------

  private read(paths: string[]): ApiResponse {
    return {
      kind: "raw",
      write: async (res) => {
        const writer = new MultipartWriter();
        const results = paths.map((path) => {
          try {
            writer.addFile("files", path, this.readFile(path));
            return result(path, undefined);
          } catch (error) {
            return result(path, error);
          }
        });
        writer.addJson("response", envelopeBody(syncResponse(results)));
        const body = writer.finish();
        res.writeHead(200, { "Content-Type": writer.contentType, "Content-Length": body.length });
        res.end(body);
      },
    };
  }

  private readFile(path: string): Buffer {
    this.checkPath(path);
    const host = this.fs.resolve(path).hostPath;
    let stat: Stats;
    try {
      stat = statSync(host);
    } catch (error) {
      throw FsError.from(error, "stat", path);
    }
    if (!stat.isFile()) throw new Error(`can only read a regular file: ${JSON.stringify(path)}`);
    try {
      return readFileSync(host);
    } catch (error) {
      throw FsError.from(error, "open", path);
    }
  }

  // --- write ----------------------------------------------------------------------------------------

  private write(body: Buffer, boundary: string): ApiResponse {
    let parts: ReturnType<typeof parseMultipart>;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      if (error instanceof MultipartError) throw badRequest(`cannot read request metadata: ${error.message}`);
      throw error;
    }
    const [metadataPart, ...fileParts] = parts;
    if (!metadataPart) throw badRequest("cannot read request metadata: multipart: NextPart: EOF");
    const metadataName = formField(metadataPart).name;
    if (metadataName !== "request") {
      throw badRequest(`metadata field name must be "request", got ${JSON.stringify(metadataName)}`);
    }
    const metadata = JsonBody.parse(metadataPart.body, "cannot decode request metadata");
    const action = metadata.string("action");
    if (action !== "write")
      throw badRequest(`multipart action must be "write", got ${JSON.stringify(action)}`);
    const files = metadata.objects("files");
    if (files.length === 0) throw badRequest("must specify one or more files");
    const byPath = new Map(files.map((file) => [file.string("path"), file]));
    const errors = new Map<string, unknown>();
    for (const part of fileParts) {
      const { name, filename } = formField(part);
      if (name !== "files") throw badRequest(`field name must be "files", got ${JSON.stringify(name)}`);
      const item = byPath.get(filename);
      if (!item) throw badRequest(`no metadata for path ${JSON.stringify(filename)}`);
      errors.set(
        filename,
        this.tryOrError(() => this.writeFile(item, part.body)),
      );
    }
    return syncResponse(
      files.map((file) => {
        const path = file.string("path");
        return result(
          path,
          errors.has(path) ? errors.get(path) : new Error(`no file content for path ${JSON.stringify(path)}`),
        );
      }),
    );
  }

  private writeFile(item: JsonBody, content: Buffer): void {
    const path = item.string("path");
    this.checkPath(path);
    const owner = this.ownership(item);
    if (item.bool("make-dirs")) {
      try {
        this.mkdirAll(posix.dirname(path), 0o755, owner);
      } catch (error) {
        throw wrap("cannot create directory", error);
      }
    }
    const mode = parsePermissions(item.string("permissions"), 0o644);
    this.atomicWrite(path, content, mode, owner);
  }

  /** Writes a temp file beside the target and renames it over (osutil.AtomicWriteChown). */
  private atomicWrite(path: string, content: Buffer, mode: number, owner: Ownership): void {
    const suffix = `.${randomBytes(6).toString("hex")}~`;
    const tempName = path + suffix;
    const dir = this.fs.resolve(posix.dirname(path));
    if (dir.readOnly) throw FsError.of("open", tempName, "EROFS");
    // As rename(2) onto a mount point: a host file bound over the root cannot be replaced.
    if (this.fs.isMountPoint(this.fs.resolve(path, false).containerPath)) {
      throw FsError.of("rename", path, "EBUSY");
    }
    const target = posix.join(dir.hostPath, posix.basename(path));
    const temp = target + suffix;
    let fd: number;
    try {
      fd = openSync(temp, "wx", mode);
    } catch (error) {
      throw FsError.from(error, "open", tempName);
    }
    try {
      writeSync(fd, content);
      fsyncSync(fd);
      closeSync(fd);
      chmodSync(temp, mode);
      this.chown(temp, owner, tempName);
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw FsError.from(error, "rename", path);
    }
  }

  // --- make-dirs ------------------------------------------------------------------------------------

  private makeDir(item: JsonBody): FileResult {
    const path = item.string("path");
    return result(
      path,
      this.tryOrError(() => {
        this.checkPath(path);
        const mode = parsePermissions(item.string("permissions"), 0o755);
        const owner = this.ownership(item);
        if (item.bool("make-parents")) this.mkdirAll(path, mode, owner);
        else this.mkdirOne(path, mode, owner, false);
      }),
    );
  }

  /** Creates `path` and missing parents, each with `mode` and owner; an existing directory is fine. */
  private mkdirAll(path: string, mode: number, owner: Ownership): void {
    const clean = posix.normalize(path);
    const existing = this.statOrUndefined(clean);
    if (existing) {
      if (!existing.isDirectory()) throw FsError.of("mkdir", clean, "ENOTDIR");
      return;
    }
    const parent = posix.dirname(clean);
    if (parent !== clean && parent !== "/") this.mkdirAll(parent, mode, owner);
    this.mkdirOne(clean, mode, owner, true);
  }

  private mkdirOne(path: string, mode: number, owner: Ownership, existOk: boolean): void {
    const clean = posix.normalize(path);
    const existing = this.statOrUndefined(clean);
    if (existing) {
      if (!existing.isDirectory()) throw FsError.of("mkdir", clean, "ENOTDIR");
      if (existOk) return;
      throw FsError.of("mkdir", clean, "EEXIST");
    }
    const parent = this.fs.resolve(posix.dirname(clean));
    if (parent.readOnly) throw FsError.of("mkdir", clean, "EROFS");
    const host = posix.join(parent.hostPath, posix.basename(clean));
    try {
      mkdirSync(host, mode);
      chmodSync(host, mode);
    } catch (error) {
      throw FsError.from(error, "mkdir", clean);
    }
    this.chown(host, owner, clean);
  }

  // --- remove ---------------------------------------------------------------------------------------

  private remove(item: JsonBody): FileResult {
    const path = item.string("path");
    return result(
      path,
      this.tryOrError(() => {
        this.checkPath(path);
        const resolved = this.fs.resolveWritable(path, "remove", false);
        // The root itself is a mount point: it cannot go.
        if (resolved.containerPath === "/") throw FsError.of("remove", path, "EBUSY");
        if (item.bool("recursive")) {
          try {
            rmSync(resolved.hostPath, { recursive: true, force: true });
          } catch (error) {
            throw FsError.from(error, "unlinkat", path);
          }
          return;
        }
        try {
          if (lstatSync(resolved.hostPath).isDirectory()) rmdirSync(resolved.hostPath);
          else unlinkSync(resolved.hostPath);
        } catch (error) {
          throw FsError.from(error, "remove", path);
        }
      }),
    );
  }

  // --- helpers --------------------------------------------------------------------------------------

  /** Every path must be absolute and stay inside the container. */
  private checkPath(path: string): void {
    if (!path.startsWith("/")) throw new Error(`paths must be absolute, got ${JSON.stringify(path)}`);
    this.fs.assertInside(path);
  }

  private ownership(item: JsonBody): Ownership {
    try {
      return this.users.normalize({
        userId: item.optionalInt("user-id"),
        user: item.string("user"),
        groupId: item.optionalInt("group-id"),
        group: item.string("group"),
      });
    } catch (error) {
      if (error instanceof IdentityError) throw new Error(`cannot look up user and group: ${error.message}`);
      throw error;
    }
  }

  private chown(hostPath: string, owner: Ownership, containerPath: string): void {
    if (!this.canChown || owner.uid === undefined || owner.gid === undefined) return;
    try {
      chownSync(hostPath, owner.uid, owner.gid);
    } catch (error) {
      throw FsError.from(error, "chown", containerPath);
    }
  }

  private statOrUndefined(path: string): Stats | undefined {
    const host = this.fs.resolve(path).hostPath;
    try {
      return statSync(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return undefined;
      throw FsError.from(error, "stat", path);
    }
  }

  private tryOrError(action: () => void): unknown {
    try {
      action();
      return undefined;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      return error;
    }
  }
}
