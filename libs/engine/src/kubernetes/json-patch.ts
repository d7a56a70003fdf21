import { clone, isObject, type JsonObject, type JsonValue, jsonEqual } from "./json-value";

/** A JSON Patch operation that cannot be applied; the server answers 422. */
export class JsonPatchError extends Error {}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function parent(doc: JsonValue, tokens: string[], path: string): { container: JsonValue; key: string } {
  let current: JsonValue = doc;
  for (const token of tokens.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(current)
      ? current[Number(token)]
      : isObject(current)
        ? current[token]
        : undefined;
    if (next === undefined) throw new JsonPatchError(`doc is missing path: "${path}"`);
    current = next;
  }
  const key = tokens.at(-1);
  if (key === undefined) throw new JsonPatchError(`cannot operate on the whole document: "${path}"`);
  return { container: current, key };
}

function get(doc: JsonValue, path: string): JsonValue {
  let current: JsonValue = doc;
  for (const token of parsePointer(path)) {
    const next: JsonValue | undefined = Array.isArray(current)
      ? /^\d+$/.test(token)
        ? current[Number(token)]
        : undefined
      : isObject(current)
        ? current[token]
        : undefined;
    if (next === undefined) throw new JsonPatchError(`doc is missing path: "${path}"`);
    current = next;
  }
  return current;
}

function arrayIndex(array: JsonValue[], key: string, path: string, adding: boolean): number {
  if (adding && key === "-") return array.length;
  if (!/^\d+$/.test(key)) throw new JsonPatchError(`invalid array index ${JSON.stringify(key)} in "${path}"`);
  const index = Number(key);
  if (index > array.length || (!adding && index === array.length))
    throw new JsonPatchError(`index out of bounds: "${path}"`);
  return index;
}

function add(doc: JsonValue, path: string, value: JsonValue): JsonValue {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { container, key } = parent(doc, tokens, path);
  if (Array.isArray(container)) container.splice(arrayIndex(container, key, path, true), 0, value);
  else if (isObject(container)) container[key] = value;
  else throw new JsonPatchError(`doc is missing path: "${path}"`);
  return doc;
}

function remove(doc: JsonValue, path: string): JsonValue {
  const { container, key } = parent(doc, parsePointer(path), path);
  if (Array.isArray(container)) container.splice(arrayIndex(container, key, path, false), 1);
  else if (isObject(container) && key in container) delete (container as JsonObject)[key];
  else throw new JsonPatchError(`unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

/** RFC 6902 JSON Patch (`application/json-patch+json`), `test` included; all or nothing. */
export function jsonPatch(target: JsonValue, operations: JsonValue): JsonValue {
  if (!Array.isArray(operations)) throw new JsonPatchError("a JSON patch must be a list of operations");
  let doc = clone(target);
  for (const raw of operations) {
    if (!isObject(raw) || typeof raw.op !== "string" || typeof raw.path !== "string")
      throw new JsonPatchError("each JSON patch operation needs an op and a path");
    const op = raw as unknown as Operation;
    switch (op.op) {
      case "add":
        doc = add(doc, op.path, clone(op.value ?? null));
        break;
      case "remove":
        doc = remove(doc, op.path);
        break;
      case "replace":
        get(doc, op.path);
        doc = add(remove(doc, op.path), op.path, clone(op.value ?? null));
        break;
      case "move": {
        const value = get(doc, op.from ?? "");
        doc = add(remove(doc, op.from ?? ""), op.path, value);
        break;
      }
      case "copy":
        doc = add(doc, op.path, clone(get(doc, op.from ?? "")));
        break;
      case "test": {
        const actual = get(doc, op.path);
        if (!jsonEqual(actual, op.value ?? null))
          throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
