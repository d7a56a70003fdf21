import { InvalidArgumentError } from "./hook-tool-error";
import { isRecord } from "./output-shape";

/** Juju's rule for each dot-separated part of an action-set key. */
const KEY_PART = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Juju fills these itself from the action's own output. */
const RESERVED = new Set(["stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

/**
 * action-set arguments for `results`: nested objects become dotted keys (`{a: {b: 1}}` →
 * `a.b=1`, as ops does), values become strings. Bad or reserved keys are rejected before
 * anything is sent; undefined values are skipped.
 */
export function actionResultArgs(results: Record<string, unknown>): string[] {
  const args: string[] = [];
  const visit = (value: unknown, path: string[]): void => {
    if (value === undefined) return;
    if (isRecord(value) && !(value instanceof Date)) {
      for (const [key, inner] of Object.entries(value)) visit(inner, [...path, ...key.split(".")]);
      return;
    }
    const key = path.join(".");
    for (const part of path) {
      if (!KEY_PART.test(part)) {
        throw new InvalidArgumentError(
          `action result key "${key}" not valid: each dotted part must be lowercase letters, digits and hyphens, starting and ending with a letter or digit`,
        );
      }
    }
    if (RESERVED.has(path[0]!))
      throw new InvalidArgumentError(`action result key "${key}" is reserved by Juju`);
    args.push(`${key}=${resultText(value, key)}`);
  };
  if (!isRecord(results)) throw new InvalidArgumentError("action results must be an object");
  for (const [key, value] of Object.entries(results)) visit(value, key.split("."));
  return args;
}

function resultText(value: unknown, key: string): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "function" || typeof value === "symbol") {
    throw new InvalidArgumentError(`action result "${key}" cannot be sent as text`);
  }
  // Lists and null keep a readable JSON form; numbers, booleans and bigints their usual one.
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
