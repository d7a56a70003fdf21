import { clone, isObject, type JsonValue } from "./json-value";

/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`): objects merge, `null` deletes a
 * key, anything else (lists included) replaces the target wholesale.
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return clone(patch);
  const result = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
