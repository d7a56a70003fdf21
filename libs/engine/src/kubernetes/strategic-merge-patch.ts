import { clone, isObject, type JsonObject, type JsonValue, jsonEqual } from "./json-value";

/** A strategic merge patch the server cannot apply (an entry without its merge key...). */
export class StrategicMergeError extends Error {}

/**
 * How lists merge, by field name, for the kinds served here (the `patchMergeKey` /
 * `patchStrategy` tags of k8s.io/api): pod-spec lists by name, mounts by mountPath, ports by
 * containerPort. Volumes also `retainKeys`: a patched volume's source replaces the old one.
 * Any other list is replaced whole, as in a merge patch.
 */
const MERGE_KEYS: Readonly<Record<string, { key: string; retainKeys?: boolean }>> = {
  containers: { key: "name" },
  initContainers: { key: "name" },
  ephemeralContainers: { key: "name" },
  imagePullSecrets: { key: "name" },
  volumes: { key: "name", retainKeys: true },
  env: { key: "name" },
  volumeMounts: { key: "mountPath" },
  volumeDevices: { key: "devicePath" },
  ports: { key: "containerPort" },
  conditions: { key: "type" },
};

/** Lists of scalars whose patch strategy is `merge`: patched values are added, not replacing. */
const MERGED_SCALAR_LISTS = new Set(["finalizers"]);

const PATCH = "$patch";
const RETAIN_KEYS = "$retainKeys";
const SET_ORDER = "$setElementOrder/";
const DELETE_FROM = "$deleteFromPrimitiveList/";

const DELETE = Symbol("delete");

/**
 * Kubernetes' strategic merge patch (`application/strategic-merge-patch+json`): maps merge,
 * `null` deletes a key, lists with a merge key merge entry by entry, `"$patch": "delete"` removes
 * an entry (or a map), `"$patch": "replace"` replaces, `$retainKeys` keeps only the listed keys.
 */
export function strategicMergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  const result = mergeValue(target, patch, undefined);
  return result === DELETE ? {} : result;
}

function mergeValue(
  target: JsonValue | undefined,
  patch: JsonValue,
  field: string | undefined,
): JsonValue | typeof DELETE {
  if (isObject(patch)) return mergeMap(isObject(target) ? target : undefined, patch);
  if (Array.isArray(patch) && field !== undefined)
    return mergeList(Array.isArray(target) ? target : [], patch, field);
  return clone(patch);
}

function mergeMap(target: JsonObject | undefined, patch: JsonObject): JsonObject | typeof DELETE {
  const directive = patch[PATCH];
  if (directive === "delete") return DELETE;
  if (directive === "replace") return stripDirectives(patch);
  if (directive !== undefined && directive !== "merge")
    throw new StrategicMergeError(`Unknown patch type: ${JSON.stringify(directive)}`);
  const result: JsonObject = target ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === PATCH || key === RETAIN_KEYS || key.startsWith(SET_ORDER)) continue;
    if (key.startsWith(DELETE_FROM)) {
      const list = key.slice(DELETE_FROM.length);
      const current = result[list];
      if (Array.isArray(current) && Array.isArray(value))
        result[list] = current.filter((item) => !value.some((v) => jsonEqual(v, item)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = mergeValue(result[key], value, key);
    if (merged === DELETE) delete result[key];
    else result[key] = merged;
  }
  const retain = patch[RETAIN_KEYS];
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(target: JsonValue[], patch: JsonValue[], field: string): JsonValue[] {
  if (MERGED_SCALAR_LISTS.has(field)) {
    const result = clone(target);
    for (const value of patch) if (!result.some((v) => jsonEqual(v, value))) result.push(clone(value));
    return result;
  }
  const strategy = MERGE_KEYS[field];
  if (!strategy) return patch.filter((v) => !(isObject(v) && PATCH in v)).map((v) => stripAll(v));
  if (patch.some((item) => isObject(item) && item[PATCH] === "replace" && Object.keys(item).length === 1)) {
    return patch.filter((item) => !(isObject(item) && item[PATCH] === "replace")).map((v) => stripAll(v));
  }
  const { key } = strategy;
  const result = clone(target);
  for (const item of patch) {
    if (!isObject(item)) throw new StrategicMergeError(`${field}: a list entry is not an object`);
    if (!(key in item)) {
      throw new StrategicMergeError(
        `map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`,
      );
    }
    const index = result.findIndex((entry) => isObject(entry) && jsonEqual(entry[key], item[key]));
    if (item[PATCH] === "delete") {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    const current = index >= 0 ? (result[index] as JsonObject) : undefined;
    let merged = mergeMap(current, item);
    if (merged === DELETE) continue;
    if (strategy.retainKeys && current && !(RETAIN_KEYS in item)) {
      // The patched entry's other fields (a volume's source) give way to the patch's.
      const patched = Object.keys(item).filter((k) => k !== key && !k.startsWith("$"));
      if (patched.length > 0) {
        const kept: JsonObject = {};
        for (const [k, v] of Object.entries(merged)) if (k === key || patched.includes(k)) kept[k] = v;
        merged = kept;
      }
    }
    if (index >= 0) result[index] = merged;
    else result.push(merged);
  }
  return result;
}

function stripDirectives(value: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith("$")) result[k] = stripAll(v);
  return result;
}

function stripAll(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripAll);
  return isObject(value) ? stripDirectives(value) : value;
}
