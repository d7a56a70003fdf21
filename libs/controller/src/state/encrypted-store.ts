import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";

// The controller's state at rest: node:v8 serialization (Maps, Sets, Dates as they are) sealed
// with AES-256-GCM under a random 32-byte key of its own, kept in a 0600 file beside it.
// Layout of the file: MAGIC (8) | IV (12) | TAG (16) | ciphertext.

const MAGIC = Buffer.from("CHARMST1");
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class StateKeyError extends Error {}

/** Writes `data` to `path` atomically: a temp file in the same dir, fsync, rename, fsync of the dir. */
export function writeFileAtomic(path: string, data: Buffer | string, mode = 0o600): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", mode);
  try {
    try {
      const bytes = typeof data === "string" ? Buffer.from(data) : data;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  const dir = openSync(dirname(path), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** The key in `keyFile`, made (random, 0600) when the file does not exist yet. */
export function loadOrCreateKey(keyFile: string): Buffer {
  if (!existsSync(keyFile)) writeFileAtomic(keyFile, randomBytes(KEY_BYTES), 0o600);
  const key = readFileSync(keyFile);
  if (key.length !== KEY_BYTES)
    throw new StateKeyError(`${keyFile} holds ${key.length} bytes, not a ${KEY_BYTES}-byte key`);
  return key;
}

export function seal(value: unknown, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(serialize(value)), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

export function unseal(bytes: Buffer, key: Buffer, what = "the state file"): unknown {
  if (bytes.length < MAGIC.length + IV_BYTES + TAG_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
    throw new StateKeyError(`${what} is not an encrypted controller state`);
  const iv = bytes.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = bytes.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([
      decipher.update(bytes.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new StateKeyError(`${what} does not decrypt with this key (wrong key, or the file is damaged)`);
  }
  return deserialize(plain);
}

/** One encrypted value in a file, with its key file. */
export class EncryptedStore<T> {
  readonly #key: Buffer;

  constructor(
    readonly file: string,
    keyFile: string,
  ) {
    this.#key = loadOrCreateKey(keyFile);
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  load(): T | undefined {
    if (!existsSync(this.file)) return undefined;
    return unseal(readFileSync(this.file), this.#key, this.file) as T;
  }

  save(value: T): void {
    writeFileAtomic(this.file, seal(value, this.#key), 0o600);
  }
}
