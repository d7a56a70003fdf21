import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { encodeSecretData, SecretContentError, type SecretDataEntry } from "../model/secret-content";
import { ToolError, UsageError } from "./errors";
import { goQuote } from "./go-quote";
import { goIoReason } from "./io-reason";
import type { ToolIO } from "./tool";
import { parseYamlStringMap } from "./yaml-string-map";

const MAX_FILE_BYTES = 1000 * 1000;
const BASE64_SUFFIX = "#base64";
const FILE_SUFFIX = "#file";

const normalizePath = (io: ToolIO, path: string): string =>
  resolve(io.ctx.cwd, path.startsWith("~/") ? `${homedir()}${path.slice(1)}` : path);

async function readLimited(path: string): Promise<Buffer> {
  const info = await stat(path).catch(() => undefined);
  if (info && info.size > MAX_FILE_BYTES) {
    throw new UsageError(`secret content in file ${goQuote(path)} too large: ${info.size} bytes`);
  }
  return readFile(path);
}

function toEntry(rawKey: string, value: Uint8Array | string): SecretDataEntry {
  return rawKey.endsWith(BASE64_SUFFIX)
    ? { key: rawKey.slice(0, -BASE64_SUFFIX.length), value, encoded: true }
    : { key: rawKey, value, encoded: false };
}

/** `key=value`, `key#base64=...`, `key#file=<path>` arguments (secrets.CreateSecretData); files are read now. */
export async function secretArgsEntries(io: ToolIO, args: readonly string[]): Promise<SecretDataEntry[]> {
  const entries: SecretDataEntry[] = [];
  for (const arg of args) {
    // Trailing base64 padding must not be taken for the key/value separator.
    const idx = arg.replace(/=+$/, "").indexOf("=");
    if (idx < 1) throw new UsageError(`key value ${goQuote(arg)} not valid`);
    const rawKey = arg.slice(0, idx);
    const value = arg.slice(idx + 1);
    if (!rawKey.endsWith(FILE_SUFFIX)) {
      entries.push(toEntry(rawKey, value));
      continue;
    }
    const key = rawKey.slice(0, -FILE_SUFFIX.length);
    const path = normalizePath(io, value);
    try {
      entries.push({ key, value: await readLimited(path), encoded: false });
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(
        `reading content for secret key ${goQuote(key)}: open ${path}: ${goIoReason(err)}`,
      );
    }
  }
  return entries;
}

/** `--file`: a YAML or JSON map (secrets.ReadSecretData); `#base64` keys and `!!binary` values allowed. */
export async function secretFileEntries(io: ToolIO, file: string): Promise<SecretDataEntry[]> {
  const path = normalizePath(io, file);
  let text: string;
  try {
    text = (await readLimited(path)).toString("utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`open ${path}: ${goIoReason(err)}`);
  }
  try {
    return [...parseYamlStringMap(text)].map(([k, v]) => toEntry(k, v));
  } catch (err) {
    if (err instanceof ToolError) throw new UsageError(err.message);
    throw err;
  }
}

/** Validates keys and sizes, as Init does: errors are usage errors (exit 2). */
export function encodeEntries(entries: readonly SecretDataEntry[]): Record<string, string> {
  try {
    return encodeSecretData(entries);
  } catch (err) {
    if (err instanceof SecretContentError) throw new UsageError(err.message);
    throw err;
  }
}
