import {
  entriesOf,
  GoFloat,
  GoNilMap,
  GoStrings,
  GoStruct,
  goFloatText,
  goTime,
  isPlainObject,
} from "./go-value";

// A YAML emitter that writes what gopkg.in/yaml.v2's Marshal writes for the values hook tools
// print: block style, sorted map keys, sequences flush with their parent key, strings quoted
// only when a plain scalar would read back as something else. (yaml.v2 also folds plain
// strings longer than 80 columns; this emitter keeps them on one line.)

const YAML11_SPECIAL = new Set(
  [
    "y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF",
    "~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF <<",
  ]
    .join(" ")
    .split(" "),
);
const INT = /^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|[0-9]+)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?:Z|[+-]\d{1,2}(?::\d{2})?)?)?$/;

/** Would this text, written plain, resolve to something other than a string? */
function resolvesToNonString(text: string): boolean {
  if (text === "" || YAML11_SPECIAL.has(text)) return true;
  if (!/^[-+.0-9]/.test(text)) return false;
  const plain = text.replaceAll("_", "");
  return INT.test(plain) || FLOAT.test(plain) || BASE60.test(text) || TIMESTAMP.test(text);
}

const SPECIAL_START = new Set([..."#,[]{}&*!|>'\"%@`"]);

/** libyaml's analysis: may this string be written plain in block context? */
function plainAllowed(text: string): boolean {
  if (/^\s|\s$/.test(text)) return false;
  if (text.startsWith("---") || text.startsWith("...")) return false;
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text)) return false;
  const first = text[0] ?? "";
  const second = text[1];
  const spaceAfter = (i: number) => i + 1 >= text.length || /\s/.test(text[i + 1] ?? "");
  if (SPECIAL_START.has(first)) return false;
  if ((first === "-" || first === "?" || first === ":") && (second === undefined || spaceAfter(0)))
    return false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === ":" && spaceAfter(i)) return false;
    if (ch === "#" && /\s/.test(text[i - 1] ?? "")) return false;
  }
  return true;
}

const singleQuotable = (text: string): boolean => !/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text);

function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`;
    else if (code === 0x85 || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** A string scalar on one line (callers handle multi-line strings as literal blocks). */
export function yamlString(text: string): string {
  if (resolvesToNonString(text)) return doubleQuoted(text);
  if (plainAllowed(text)) return text;
  if (singleQuotable(text)) return `'${text.replaceAll("'", "''")}'`;
  return doubleQuoted(text);
}

const isMultiline = (value: unknown): value is string => typeof value === "string" && value.includes("\n");

function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return yamlString(value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : goFloatText(value);
  if (typeof value === "boolean") return String(value);
  if (value instanceof GoFloat) {
    const text = goFloatText(value.value);
    return text === "+Inf" ? ".inf" : text === "-Inf" ? "-.inf" : text === "NaN" ? ".nan" : text;
  }
  if (value instanceof Date) return goTime(value);
  if (value instanceof GoNilMap) return "{}";
  if (value instanceof GoStrings) return value.items && value.items.length > 0 ? undefined : "[]";
  if (Array.isArray(value)) return value.length > 0 ? undefined : "[]";
  if (value instanceof GoStruct || isPlainObject(value))
    return entriesOf(value).length > 0 ? undefined : "{}";
  return yamlString(String(value));
}

function literalBlock(text: string, indent: number): string[] {
  const trailing = /\n*$/.exec(text)?.[0].length ?? 0;
  const header = trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+";
  const body = trailing === 0 ? text : text.slice(0, -1);
  const pad = " ".repeat(indent);
  return [header, ...body.split("\n").map((line) => (line === "" ? "" : pad + line))];
}

function lines(value: unknown, indent: number): string[] {
  const pad = " ".repeat(indent);
  const items = value instanceof GoStrings ? (value.items ?? []) : Array.isArray(value) ? value : undefined;
  if (items) {
    const out: string[] = [];
    for (const item of items) {
      const inline = isMultiline(item) ? undefined : scalar(item);
      if (inline !== undefined) {
        out.push(`${pad}- ${inline}`);
      } else if (isMultiline(item)) {
        const [header = "", ...rest] = literalBlock(item, indent + 2);
        out.push(`${pad}- ${header}`, ...rest);
      } else {
        const nested = lines(item, indent + 2);
        out.push(`${pad}- ${(nested[0] ?? "").slice(indent + 2)}`, ...nested.slice(1));
      }
    }
    return out;
  }
  const out: string[] = [];
  for (const [key, item] of entriesOf(value as GoStruct | Record<string, unknown>)) {
    const label = `${pad}${yamlString(key)}:`;
    if (isMultiline(item)) {
      const [header = "", ...rest] = literalBlock(item, indent + 2);
      out.push(`${label} ${header}`, ...rest);
      continue;
    }
    const inline = scalar(item);
    if (inline !== undefined) out.push(`${label} ${inline}`);
    else if (item instanceof GoStrings || Array.isArray(item)) out.push(label, ...lines(item, indent));
    else out.push(label, ...lines(item, indent + 2));
  }
  return out;
}

/** yaml.v2 Marshal output (with its final newline). */
export function marshalYamlV2(value: unknown): string {
  if (isMultiline(value)) return `${literalBlock(value, 2).join("\n")}\n`;
  const inline = scalar(value);
  if (inline !== undefined) return `${inline}\n`;
  return `${lines(value, 0).join("\n")}\n`;
}
