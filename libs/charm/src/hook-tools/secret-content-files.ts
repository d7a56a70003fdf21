import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "./hook-tool-error";

/** Secret content: key → value, values as plain strings (Juju base64-encodes them). */
export type SecretContent = Record<string, string>;

/** Juju's rule for secret content keys (core/secrets, contract §3.2). */
const SECRET_KEY = /^([a-z](?:-?[a-z0-9]){2,})$/;

export function isValidSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Reject bad keys and non-string values before anything is written; names the key, never the value. */
export function validateSecretContent(content: SecretContent): void {
  for (const [key, value] of Object.entries(content)) {
    if (!isValidSecretKey(key)) {
      throw new InvalidArgumentError(
        `secret content key "${key}" not valid: lowercase letters, digits and single hyphens, starting with a letter, at least 3 characters`,
      );
    }
    if (typeof value !== "string")
      throw new InvalidArgumentError(`secret content value for key "${key}" is not a string`);
  }
}

const PREFIX = "charm-secret-";

/**
 * Run `use` with `key#file=<path>` arguments for `content`: each value is written to its own
 * 0600 file in a fresh 0700 directory under `root` (the unit's private directory; the temp
 * directory when none is given), so secret values never appear on a command line (visible in
 * /proc to every process). The directory is removed afterwards, also on error; a hook killed
 * in between leaves it for `sweepSecretContentFiles` at the start of the next hook.
 */
export async function withSecretContentFiles<T>(
  content: SecretContent,
  use: (args: string[]) => Promise<T>,
  root?: string,
): Promise<T> {
  validateSecretContent(content);
  const keys = Object.keys(content);
  if (keys.length === 0) return use([]);
  if (root !== undefined) await mkdir(root, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(root ?? tmpdir(), PREFIX));
  try {
    await chmod(dir, 0o700); // mkdtemp already does; be explicit whatever the umask
    const args: string[] = [];
    for (const key of keys) {
      const path = join(dir, key);
      // "wx": never follow or reuse something that is already there.
      await writeFile(path, content[key]!, { mode: 0o600, flag: "wx" });
      args.push(`${key}#file=${path}`);
    }
    return await use(args);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Remove what a killed hook left in the unit's private directory: one unit runs one hook at a
 * time, so every secret file there at the start of a hook is a leftover. Returns how many
 * directories went. Never used on a shared directory (other units' files could be in flight).
 */
export async function sweepSecretContentFiles(root: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw err;
  }
  const stale = names.filter((name) => name.startsWith(PREFIX));
  await Promise.all(stale.map((name) => rm(join(root, name), { recursive: true, force: true })));
  return stale.length;
}
