import { isMap, isScalar, parseDocument, type Scalar } from "yaml";
import { ToolError } from "./errors";

// Reading a YAML (or JSON) mapping of strings the way yaml.v2 decodes into map[string]string:
// scalars keep their source text (`yes` stays "yes", `0x10` stays "0x10"), null becomes "",
// and `!!binary` values come back as bytes.

export type YamlStringValue = string | Uint8Array;

function scalarText(node: Scalar): YamlStringValue {
  const value = node.value;
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return value;
  if (value === null) return "";
  const source = node.srcToken && "source" in node.srcToken ? node.srcToken.source : undefined;
  return typeof source === "string" ? source : String(value);
}

export function parseYamlStringMap(text: string): Map<string, YamlStringValue> {
  const doc = parseDocument(text, { keepSourceTokens: true, schema: "yaml-1.1" });
  const [error] = doc.errors;
  if (error)
    throw new ToolError(`yaml: line ${error.linePos?.[0]?.line ?? 1}: ${error.message.split("\n")[0]}`);
  const out = new Map<string, YamlStringValue>();
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return out;
  if (!isMap(root))
    throw new ToolError("yaml: unmarshal errors:\n  line 1: cannot unmarshal into map[string]string");
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(scalarText(pair.key)) : String(pair.key);
    if (pair.value === null || pair.value === undefined) out.set(key, "");
    else if (isScalar(pair.value)) out.set(key, scalarText(pair.value));
    else {
      const line = pair.value.range ? text.slice(0, pair.value.range[0]).split("\n").length : 1;
      throw new ToolError(`yaml: unmarshal errors:\n  line ${line}: cannot unmarshal into string`);
    }
  }
  return out;
}
