import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** SHA-256 over the JSON of `parts`, hex: a tagged digest that says nothing of what went in. */
export function digestOf(parts: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * One digest the unit remembers across hooks, in a file of its own charm dir (as ops keeps its
 * state there), mode 0600: only the charm container can write it, so the app cannot vouch for
 * itself. Without a charm dir (in-process tests) or on any error nothing is remembered, and a
 * check that found nothing takes the long way, as if it had never been remembered.
 */
export interface CharmDirDigest {
  matches(digest: string): boolean;
  remember(digest: string): void;
}

export function charmDirDigest(charmDir: string, name: string): CharmDirDigest {
  const path = join(charmDir, name);
  return {
    matches(digest) {
      try {
        return readFileSync(path, "utf8").trim() === digest;
      } catch {
        return false;
      }
    },
    remember(digest) {
      const next = `${path}.${process.pid}`;
      try {
        writeFileSync(next, `${digest}\n`, { mode: 0o600 });
        renameSync(next, path);
      } catch {
        // Not remembered: the next hook takes the long way.
      }
    },
  };
}
