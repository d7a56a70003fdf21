import { entriesOf, GoFloat, GoNilMap, GoStrings, GoStruct, goTime, isPlainObject } from "./go-value";

// encoding/json.Marshal: compact, map keys sorted, struct fields in order, and Go's HTML-safe
// escaping of <, > and & (plus U+2028/U+2029).

function jsonString(text: string): string {
  return JSON.stringify(text)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

export function marshalGoJson(value: unknown): string {
  if (value === null || value === undefined || value instanceof GoNilMap) return "null";
  if (typeof value === "string") return jsonString(value);
  if (typeof value === "number") return JSON.stringify(value);
  if (typeof value === "boolean") return String(value);
  if (value instanceof GoFloat) return JSON.stringify(value.value);
  if (value instanceof Date) return jsonString(goTime(value));
  if (value instanceof GoStrings)
    return value.items === null ? "null" : `[${value.items.map(jsonString).join(",")}]`;
  if (Array.isArray(value)) return `[${value.map(marshalGoJson).join(",")}]`;
  if (value instanceof GoStruct || isPlainObject(value)) {
    return `{${entriesOf(value)
      .map(([k, v]) => `${jsonString(k)}:${marshalGoJson(v)}`)
      .join(",")}}`;
  }
  return jsonString(String(value));
}
