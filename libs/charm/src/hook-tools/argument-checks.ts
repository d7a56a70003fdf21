import { InvalidArgumentError } from "./hook-tool-error";

/** Checks on what callers hand the wrappers, so a bad call fails before a process is spawned. */

export function requireOneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`${what} "${value}" not valid, expected one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** Relation data and charm state are strings only; names the key, never the value. */
export function requireStringValues(data: Record<string, unknown>, what: string): void {
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== "string")
      throw new InvalidArgumentError(`${what} value for key "${key}" is not a string`);
  }
}

/** A positional argument that must not be empty or read as a flag. */
export function requirePositional(value: string, what: string): string {
  if (value === "" || value.startsWith("-")) throw new InvalidArgumentError(`${what} "${value}" not valid`);
  return value;
}
