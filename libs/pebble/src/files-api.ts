/**
 * The files API (spec A.7): push (multipart write), pull (multipart read), list, make-dirs and
 * remove. Per-path failures become PebblePathError; a missing path in a *list* is a whole
 * request failure and stays a PebbleApiError (kind `not-found`), as in ops.
 *
 * Contents are never logged and never put into an error: pushed files are often secrets.
 */
import { decodeEnvelope, mediaType, readEnvelope, requestSync } from "./envelope";
import { encodeMultipart, multipartBoundary, multipartContentType, parseMultipart } from "./multipart";
import { PebbleApiError, PebblePathError, PebbleProtocolError } from "./pebble-errors";
import type { PebbleTransport } from "./unix-socket-transport";
import { readList, type WireObject, WireReader } from "./wire-reader";

export const FILE_TYPES = [
  "file",
  "directory",
  "symlink",
  "socket",
  "named-pipe",
  "device",
  "unknown",
] as const;
export type FileType = (typeof FILE_TYPES)[number];

export interface FileInfo {
  path: string;
  name: string;
  type: FileType;
  /** Only for regular files. */
  size?: number;
  /** Mode bits, e.g. 0o644. */
  permissions: number;
  lastModified: Date;
  /** Null when Pebble cannot tell. */
  userId: number | null;
  user: string;
  groupId: number | null;
  group: string;
}

/** Owner of a created file or directory. A group needs a user; a user alone implies its group. */
export interface Ownership {
  userId?: number;
  user?: string;
  groupId?: number;
  group?: string;
}

export interface PushOptions extends Ownership {
  /** Create missing parent directories (mode 0755). */
  makeDirs?: boolean;
  /** Mode bits, e.g. 0o600; Pebble's default is 0o644. */
  permissions?: number;
}

export interface MakeDirOptions extends Ownership {
  makeParents?: boolean;
  /** Mode bits; Pebble's default is 0o755. */
  permissions?: number;
}

export interface ListFilesOptions {
  /** A glob on the base name, e.g. `*.conf`. */
  pattern?: string;
  /** List the directory itself rather than its entries. */
  itself?: boolean;
}

const FILES_PATH = "/v1/files";

/** Pebble wants exactly three octal digits. */
function formatPermissions(permissions: number): string {
  if (!Number.isInteger(permissions) || permissions < 0 || permissions > 0o777) {
    throw new TypeError(`permissions must be an integer between 0o000 and 0o777, got ${permissions}`);
  }
  return permissions.toString(8).padStart(3, "0");
}

function ownershipToWire(options: Ownership): WireObject {
  const out: WireObject = {};
  if (options.userId !== undefined) out["user-id"] = options.userId;
  if (options.user !== undefined) out.user = options.user;
  if (options.groupId !== undefined) out["group-id"] = options.groupId;
  if (options.group !== undefined) out.group = options.group;
  return out;
}

/** Throw the first per-path error of a files result (`[{path, error?: {message, kind}}]`). */
function throwPathErrors(result: unknown): void {
  readList(result, "files result", (item, context) => {
    const entry = new WireReader(item, context);
    const error = entry.optionalObject("error");
    if (error) {
      throw new PebblePathError(
        error.optionalString("kind") || "generic-file-error",
        error.string("message"),
        entry.string("path"),
      );
    }
  });
}

export function parseFileInfo(value: unknown, context = "file"): FileInfo {
  const reader = new WireReader(value, context);
  const permissions = reader.string("permissions");
  if (!/^[0-7]{3,4}$/.test(permissions)) {
    throw new PebbleProtocolError(`${context}.permissions: expected octal digits`);
  }
  return {
    path: reader.string("path"),
    name: reader.string("name"),
    type: reader.oneOf("type", FILE_TYPES),
    size: reader.optionalNumber("size"),
    permissions: Number.parseInt(permissions, 8),
    lastModified: reader.time("last-modified"),
    userId: reader.nullableNumber("user-id"),
    user: reader.optionalString("user") ?? "",
    groupId: reader.nullableNumber("group-id"),
    group: reader.optionalString("group") ?? "",
  };
}

export async function push(
  transport: PebbleTransport,
  path: string,
  content: string | Uint8Array,
  options: PushOptions = {},
): Promise<void> {
  const metadata: WireObject = { path };
  if (options.makeDirs) metadata["make-dirs"] = true;
  if (options.permissions !== undefined) metadata.permissions = formatPermissions(options.permissions);
  Object.assign(metadata, ownershipToWire(options));
  const { boundary, body } = encodeMultipart([
    {
      name: "request",
      contentType: "application/json",
      body: JSON.stringify({ action: "write", files: [metadata] }),
    },
    { name: "files", filename: path, contentType: "application/octet-stream", body: content },
  ]);
  const response = await transport.request({
    method: "POST",
    path: FILES_PATH,
    headers: { "Content-Type": multipartContentType(boundary) },
    body,
  });
  throwPathErrors(decodeEnvelope(response).result);
}

/** Read a file's bytes. */
export async function pullBytes(transport: PebbleTransport, path: string): Promise<Buffer> {
  const response = await transport.request({
    method: "GET",
    path: FILES_PATH,
    query: { action: "read", path },
    headers: { Accept: "multipart/form-data" },
  });
  const type = mediaType(response.headers["content-type"]);
  if (response.statusCode < 200 || response.statusCode >= 300 || type === "application/json") {
    decodeEnvelope(response); // throws the API error (a 2xx JSON answer falls through)
    throw new PebbleProtocolError(`expected a multipart response for ${path}, got JSON`);
  }
  const parts = parseMultipart(response.body, multipartBoundary(response.headers["content-type"]));
  const meta = parts.find((part) => part.name === "response");
  if (!meta) throw new PebbleProtocolError(`multipart response for ${path} has no "response" part`);
  let envelope: unknown;
  try {
    envelope = JSON.parse(meta.body.toString("utf8"));
  } catch {
    throw new PebbleProtocolError(`"response" part for ${path} is not JSON`);
  }
  throwPathErrors(readEnvelope(envelope, response.statusCode, response.statusMessage).result);
  const files = parts.filter((part) => part.name === "files");
  const [file] = files;
  if (files.length !== 1 || file?.filename !== path) {
    throw new PebbleProtocolError(`expected exactly one file part for ${path}, got ${files.length}`);
  }
  return file.body;
}

/** Read a file as UTF-8 text. */
export async function pull(transport: PebbleTransport, path: string): Promise<string> {
  return (await pullBytes(transport, path)).toString("utf8");
}

export async function listFiles(
  transport: PebbleTransport,
  path: string,
  options: ListFilesOptions = {},
): Promise<FileInfo[]> {
  const result = await requestSync(transport, "GET", FILES_PATH, {
    query: { action: "list", path, pattern: options.pattern, itself: options.itself ? "true" : undefined },
  });
  return readList(result, "files", parseFileInfo);
}

/** The entry for `path` itself, or undefined when it does not exist. */
export async function stat(transport: PebbleTransport, path: string): Promise<FileInfo | undefined> {
  try {
    return (await listFiles(transport, path, { itself: true }))[0];
  } catch (error) {
    if (error instanceof PebbleApiError && error.statusCode === 404) return undefined;
    throw error;
  }
}

export async function makeDir(
  transport: PebbleTransport,
  path: string,
  options: MakeDirOptions = {},
): Promise<void> {
  const dir: WireObject = { path };
  if (options.makeParents) dir["make-parents"] = true;
  if (options.permissions !== undefined) dir.permissions = formatPermissions(options.permissions);
  Object.assign(dir, ownershipToWire(options));
  throwPathErrors(
    await requestSync(transport, "POST", FILES_PATH, { body: { action: "make-dirs", dirs: [dir] } }),
  );
}

/** Remove a file or empty directory; with `recursive`, a whole tree (missing is then fine). */
export async function removePath(
  transport: PebbleTransport,
  path: string,
  options: { recursive?: boolean } = {},
): Promise<void> {
  const entry: WireObject = { path };
  if (options.recursive) entry.recursive = true;
  throwPathErrors(
    await requestSync(transport, "POST", FILES_PATH, { body: { action: "remove", paths: [entry] } }),
  );
}
