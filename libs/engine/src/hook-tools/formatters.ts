import { marshalGoJson } from "./go-json";
import { GoStrings } from "./go-value";
import { marshalYamlV2 } from "./yaml-v2";

// juju/cmd output.go: the three --format renderings (contract §1.5).

export type FormatName = "smart" | "yaml" | "json";

/** yaml: nothing for nil; otherwise the YAML with exactly one trailing newline. */
export function formatYaml(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = marshalYamlV2(value).replace(/\n+$/, "");
  return text === "" ? "" : `${text}\n`;
}

/** json: compact, `null` for nil, always a trailing newline. */
export const formatJson = (value: unknown): string => `${marshalGoJson(value)}\n`;

/** smart: strings as-is, []string one per line, bools True/False, nothing when empty; else YAML. */
export function formatSmart(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = value;
  else if (value instanceof GoStrings) text = (value.items ?? []).join("\n");
  else if (typeof value === "boolean") text = value ? "True" : "False";
  else return formatYaml(value);
  return text === "" ? "" : `${text}\n`;
}

export const FORMATTERS: Record<FormatName, (value: unknown) => string> = {
  smart: formatSmart,
  yaml: formatYaml,
  json: formatJson,
};
