// JSON values as the API server handles them: plain objects, arrays and scalars.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const clone = <T>(value: T): T => structuredClone(value);

/** Deep equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The object at `obj[key]`, made when absent. */
export function objectAt(obj: JsonObject, key: string): JsonObject {
  const value = obj[key];
  if (isObject(value)) return value;
  const made: JsonObject = {};
  obj[key] = made;
  return made;
}

export const stringAt = (obj: JsonObject | undefined, key: string): string | undefined => {
  const value = obj?.[key];
  return typeof value === "string" ? value : undefined;
};

export const objectOf = (value: JsonValue | undefined): JsonObject | undefined =>
  isObject(value) ? value : undefined;
