/**
 * Small readers for the JSON hook tools print. Each checks one value and throws
 * OutputShapeError naming where it was (`bind-addresses[0].addresses`) and what was
 * expected, never the value itself: some outputs hold secret content.
 */
export class OutputShapeError extends Error {
  override name = "OutputShapeError";
}

function fail(where: string, expected: string): never {
  throw new OutputShapeError(`${where}: expected ${expected}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readRecord(value: unknown, where: string): Record<string, unknown> {
  return isRecord(value) ? value : fail(where, "an object");
}

/** A map, with Juju's `null` for an empty one read as {}. */
export function readRecordOrNull(value: unknown, where: string): Record<string, unknown> {
  return value === null ? {} : readRecord(value, where);
}

export function readString(value: unknown, where: string): string {
  return typeof value === "string" ? value : fail(where, "a string");
}

export function readOptionalString(value: unknown, where: string): string | undefined {
  return value === undefined || value === null ? undefined : readString(value, where);
}

export function readNumber(value: unknown, where: string): number {
  return typeof value === "number" ? value : fail(where, "a number");
}

export function readBoolean(value: unknown, where: string): boolean {
  return typeof value === "boolean" ? value : fail(where, "true or false");
}

/** A list of strings, with Juju's `null` for an empty list read as []. */
export function readStringList(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) fail(where, "a list");
  return value.map((item, i) => readString(item, `${where}[${i}]`));
}

export function readList<T>(
  value: unknown,
  where: string,
  readItem: (item: unknown, where: string) => T,
): T[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) fail(where, "a list");
  return value.map((item, i) => readItem(item, `${where}[${i}]`));
}

/** A map whose values all go through `readValue`; `null` → {}. */
export function readMap<T>(
  value: unknown,
  where: string,
  readValue: (item: unknown, where: string) => T,
): Record<string, T> {
  // fromEntries defines properties: a remote `__proto__` key stays plain data.
  return Object.fromEntries(
    Object.entries(readRecordOrNull(value, where)).map(([key, item]) => [
      key,
      readValue(item, `${where}.${key}`),
    ]),
  );
}

/** A string→string map (databags, secret content, charm state); `null` → {}. */
export function readStringMap(value: unknown, where: string): Record<string, string> {
  return readMap(value, where, readString);
}

/** Optional fields that were absent stay absent, rather than present and undefined. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
