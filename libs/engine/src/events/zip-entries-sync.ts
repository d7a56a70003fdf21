import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

// Just enough of the zip format to read a few small entries without waiting: the end of
// central directory record, the central directory, and each entry's local header.
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_COMMENT = 0xffff;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/**
 * The contents of the named entries of a zip (stored or deflated), read synchronously; names
 * not in the archive are absent from the result. For the YAML files of a .charm, which a
 * deploy needs at once; unpacking the rest stays with unpackCharmArchive.
 */
export function readZipEntriesSync(path: string, names: readonly string[]): Map<string, Buffer> {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const tailStart = Math.max(0, size - (22 + MAX_COMMENT));
    const tail = readAt(fd, tailStart, size - tailStart);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`${path} is not a zip archive`);
    const count = tail.readUInt16LE(end + 10);
    const directory = readAt(fd, tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));
    const wanted = new Set(names);
    const found = new Map<string, Buffer>();
    let at = 0;
    for (let n = 0; n < count && at + 46 <= directory.length; n++) {
      if (directory.readUInt32LE(at) !== CENTRAL_ENTRY) throw new Error(`${path}: bad central directory`);
      const method = directory.readUInt16LE(at + 10);
      const compressedSize = directory.readUInt32LE(at + 20);
      const nameLength = directory.readUInt16LE(at + 28);
      const skip = nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
      const offset = directory.readUInt32LE(at + 42);
      const name = directory.toString("utf8", at + 46, at + 46 + nameLength);
      at += 46 + skip;
      if (!wanted.has(name)) continue;
      const local = readAt(fd, offset, 30);
      if (local.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`${path}: bad local header for ${name}`);
      const dataStart = offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const data = readAt(fd, dataStart, compressedSize);
      if (method === 0) found.set(name, data);
      else if (method === 8) found.set(name, inflateRawSync(data));
      else throw new Error(`${path}: ${name} uses unsupported compression method ${method}`);
    }
    return found;
  } finally {
    closeSync(fd);
  }
}
