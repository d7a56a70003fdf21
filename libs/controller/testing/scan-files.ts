import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface FoundValue {
  file: string;
  /** Which of the values (its index), never the value itself. */
  value: number;
  encoding: "utf8" | "base64" | "hex";
}

/**
 * Every file under `dir` whose bytes hold one of `values` (as is, base64 or hex): what a test
 * of encryption at rest looks for. Values shorter than 6 characters are refused (they would
 * match by chance).
 */
export function findInFiles(dir: string, values: readonly string[]): FoundValue[] {
  for (const v of values)
    if (v.length < 6) throw new Error(`a value of ${v.length} characters is too short to look for`);
  const needles = values.flatMap((v, value) => [
    { value, encoding: "utf8" as const, bytes: Buffer.from(v) },
    {
      value,
      encoding: "base64" as const,
      bytes: Buffer.from(Buffer.from(v).toString("base64").replace(/=+$/, "")),
    },
    { value, encoding: "hex" as const, bytes: Buffer.from(Buffer.from(v).toString("hex")) },
  ]);
  const found: FoundValue[] = [];
  const walk = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
      return;
    }
    if (!stat.isFile()) return;
    const bytes = readFileSync(path);
    for (const needle of needles)
      if (bytes.includes(needle.bytes))
        found.push({ file: path, value: needle.value, encoding: needle.encoding });
  };
  walk(dir);
  return found;
}
