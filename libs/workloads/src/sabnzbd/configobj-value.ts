// One value of a ConfigObj file (sabnzbd.ini), read and written the way Python's configobj 5 does
// (ConfigObj._handle_value / _quote / _multiline with list_values on, SABnzbd's settings), ported
// regex for regex so edge cases match:
// - a bare `,` separates list items: `a.example, b.example`; one item ends in a comma `tv,`; an
//   empty list is a lone `,`;
// - a value is quoted ("..." or '...') when it is empty, starts or ends with whitespace or a quote,
//   or holds a comma or `#`; `#` outside quotes starts a comment;
// - a value holding both quote kinds, or a newline, is triple-quoted and may span lines.

export type ConfigObjValue = string | string[];

/** A value ConfigObj cannot read, or cannot write. */
export class ConfigObjValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigObjValueError";
  }
}

// ConfigObj._valueexp: list items ending in a comma, then a last item or a single value, or a lone comma.
const VALUE =
  /^(?:(?:((?:(?:(?:".*?")|(?:'.*?')|(?:[^'",#][^,#]*?))\s*,\s*)*)((?:".*?")|(?:'.*?')|(?:[^'",#\s][^,]*?)|(?:(?<!,)))?)|(,))\s*(#.*)?$/;
// ConfigObj._listvalueexp, used with findall on the list part.
const LIST_ITEM = /((?:".*?")|(?:'.*?')|(?:[^'",#]?.*?))\s*,\s*/g;
const SINGLE_LINE_TRIPLE: Readonly<Record<string, RegExp>> = {
  "'''": /^'''(.*?)'''\s*(#.*)?$/,
  '"""': /^"""(.*?)"""\s*(#.*)?$/,
};
const MULTI_LINE_END: Readonly<Record<string, RegExp>> = {
  "'''": /^(.*?)'''\s*(#.*)?$/,
  '"""': /^(.*?)"""\s*(#.*)?$/,
};
const WSPACE_PLUS = " \r\n\v\t'\"";

function unquote(value: string): string {
  if (!value) throw new ConfigObjValueError("empty list item");
  const first = value[0];
  if (first === value.at(-1) && (first === '"' || first === "'")) return value.slice(1, -1);
  return value;
}

/** A parsed value and its inline comment (with its `#`), if any. */
export interface ParsedValue {
  value: ConfigObjValue;
  comment: string | undefined;
}

/**
 * Reads the text after `key = ` on one line. Triple-quoted values: pass the following lines in
 * `more`; `lines` says how many of them the value used.
 */
export function parseConfigObjValue(
  text: string,
  more: readonly string[] = [],
): ParsedValue & { lines: number } {
  const quote = text.slice(0, 3);
  if (quote === '"""' || quote === "'''") {
    const single = (SINGLE_LINE_TRIPLE[quote] as RegExp).exec(text);
    if (single) return { value: single[1] as string, comment: single[2], lines: 0 };
    let value = text.slice(3);
    if (value.includes(quote)) throw new ConfigObjValueError("badly triple-quoted value");
    for (let index = 0; index < more.length; index++) {
      const line = more[index] as string;
      value += "\n";
      if (!line.includes(quote)) {
        value += line;
        continue;
      }
      const end = (MULTI_LINE_END[quote] as RegExp).exec(line);
      if (!end) throw new ConfigObjValueError("badly formed end of a multi-line value");
      return { value: value + (end[1] as string), comment: end[2], lines: index + 1 };
    }
    throw new ConfigObjValueError("a multi-line value is not closed");
  }
  const match = VALUE.exec(text);
  if (!match) throw new ConfigObjValueError("badly quoted value or invalid list");
  const [, listPart, singlePart, emptyList, comment] = match;
  if (emptyList !== undefined) return { value: [], comment, lines: 0 };
  let single: string | undefined;
  if (singlePart !== undefined) {
    // A list with a trailing comma matches an empty last item: it is no item.
    single = listPart && !singlePart ? undefined : unquote(singlePart || '""');
  } else if (!listPart) {
    // Python's regex matches the empty alternative here (an empty value); JavaScript leaves an
    // optional group that matched nothing undefined.
    single = "";
  }
  if (!listPart) return { value: single ?? "", comment, lines: 0 };
  const items = [...listPart.matchAll(LIST_ITEM)].map((item) => unquote(item[1] as string));
  if (single !== undefined) items.push(single);
  return { value: items, comment, lines: 0 };
}

function singleQuote(value: string): string {
  if (value.includes("'") && value.includes('"')) {
    throw new ConfigObjValueError("a value with both quote kinds cannot be written here");
  }
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/** ConfigObj._quote for one string. */
function quoteString(value: string, multiline: boolean): string {
  if (!value) return '""';
  const needTriple = multiline && ((value.includes("'") && value.includes('"')) || value.includes("\n"));
  const hashTripleQuote =
    multiline && !needTriple && value.includes("'") && value.includes('"') && value.includes("#");
  if (!needTriple && !hashTripleQuote) {
    if (value.includes("\n")) throw new ConfigObjValueError("a list item cannot hold a newline");
    const plain =
      !WSPACE_PLUS.includes(value[0] as string) &&
      !WSPACE_PLUS.includes(value.at(-1) as string) &&
      !value.includes(",");
    if (plain && !value.includes("#")) return value;
    return singleQuote(value);
  }
  if (value.includes('"""') && value.includes("'''")) {
    throw new ConfigObjValueError("a value with both kinds of triple quotes cannot be written");
  }
  return value.includes('"""') ? `"""${value}"""` : `'''${value}'''`;
}

/** The text ConfigObj writes after `key = ` for this value (a string, or a list of strings). */
export function formatConfigObjValue(value: ConfigObjValue): string {
  if (typeof value === "string") return quoteString(value, true);
  if (value.length === 0) return ",";
  if (value.length === 1) return `${quoteString(value[0] as string, false)},`;
  return value.map((item) => quoteString(item, false)).join(", ");
}

/** Whether two values are the same (a one-item list is not a string, as in ConfigObj). */
export function sameConfigObjValue(a: ConfigObjValue, b: ConfigObjValue): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
