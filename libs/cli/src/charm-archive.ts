// A packed `.charm` (a zip): its name, resources and config options, read from metadata.yaml and
// config.yaml inside, and its sha256 (which names the upload). Only the central directory and the
// entries asked for are read; stored and deflated entries are supported (what the packer writes).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import { CliError } from "./errors";

export interface CharmResourceMeta {
  type: string;
  description?: string;
  "upstream-source"?: string;
}

export interface CharmArchive {
  path: string;
  name: string;
  bytes: Buffer;
  sha256: string;
  resources: Record<string, CharmResourceMeta>;
  requires: Record<string, { interface: string }>;
  provides: Record<string, { interface: string }>;
}

/** Every entry of a zip by name → its uncompressed bytes (read lazily). */
export function zipEntries(zip: Buffer): Map<string, () => Buffer> {
  const entries = new Map<string, () => Buffer>();
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new Error("not a zip archive (no end of central directory)");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    entries.set(name, () => {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(dataAt, dataAt + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip entry ${name} uses compression method ${method}`);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Read a packed charm; errors are one line naming the file and how to get a good one. */
export function readCharmArchive(path: string): CharmArchive {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT"
        ? `${path} does not exist: pack the charms first (npm run pack)`
        : `cannot read ${path}: ${(err as Error).message}`,
    );
  }
  let meta: Record<string, unknown>;
  try {
    const entries = zipEntries(bytes);
    const metadata = entries.get("metadata.yaml");
    if (!metadata) throw new Error("it has no metadata.yaml");
    if (!entries.has("dispatch")) throw new Error("it has no dispatch script");
    meta = (parseYaml(metadata().toString("utf8")) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new CliError(`${path} is not a charm (${(err as Error).message}): repack it (npm run pack)`);
  }
  if (typeof meta.name !== "string" || !meta.name) throw new CliError(`${path}: metadata.yaml has no name`);
  return {
    path,
    name: meta.name,
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    resources: (meta.resources ?? {}) as CharmArchive["resources"],
    requires: (meta.requires ?? {}) as CharmArchive["requires"],
    provides: (meta.provides ?? {}) as CharmArchive["provides"],
  };
}
