// One value of a QSettings INI file (qBittorrent.conf), encoded and decoded the way Qt does it
// (QSettingsPrivate::iniEscapedString / iniUnescapedStringList / variantToString, Qt 5). Checked
// against what qbittorrent-nox 4.5.2 itself writes: a username `@ü \a,b "q";=x<TAB>1 ` becomes
// `"@@\xfc \\a,b \"q\";=x\t1 "` (specs in qsettings-value.test.ts).
//
// - A value holding `,` `;` or `=`, or starting or ending with a space, is double-quoted; an
//   unquoted `,` separates the items of a string list.
// - `"` and `\` are backslash-escaped, control characters use C escapes, and every character
//   beyond ASCII is `\x` + its UTF-16 code unit in hex (a following hex digit is escaped too, so
//   the reader knows where the number ends). Qt 6 writes UTF-8 instead; both read either way.
// - A string starting with `@` gets a second `@`: a single `@` starts a typed value such as
//   `@ByteArray(...)` or `@Invalid()`.

/** A decoded value: what QVariant the app reads from the file. */
export type QSettingsValue =
  | { type: "string"; value: string }
  | { type: "list"; values: string[] }
  /** `@ByteArray(...)`; the bytes as Latin-1 characters. */
  | { type: "bytes"; value: string }
  /** `@Invalid()`: no value (also how Qt writes an empty list). */
  | { type: "invalid" }
  /** Another typed value (`@Variant(...)`, `@Rect(...)` ...), kept as its text. */
  | { type: "variant"; text: string };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\u0007": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

const UNESCAPES: Readonly<Record<string, string>> = {
  a: "\u0007",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  '"': '"',
  "?": "?",
  "'": "'",
  "\\": "\\",
};

const isHexDigit = (ch: string | undefined) => ch !== undefined && /^[0-9a-fA-F]$/.test(ch);

/** Qt's iniEscapedString: escapes, then quotes when needed. */
function escapeString(text: string): string {
  let out = "";
  let needsQuotes = false;
  let escapeNextIfHexDigit = false;
  for (const ch of text.split("")) {
    const code = ch.charCodeAt(0);
    if (ch === ";" || ch === "," || ch === "=") needsQuotes = true;
    if (escapeNextIfHexDigit && isHexDigit(ch)) {
      out += `\\x${code.toString(16)}`;
      continue;
    }
    escapeNextIfHexDigit = false;
    const simple = SIMPLE_ESCAPES[ch];
    if (code === 0) {
      out += "\\0";
      escapeNextIfHexDigit = true;
    } else if (simple !== undefined) {
      out += simple;
    } else if (code <= 0x1f || code >= 0x7f) {
      out += `\\x${code.toString(16)}`;
      escapeNextIfHexDigit = true;
    } else {
      out += ch;
    }
  }
  if (needsQuotes || out.startsWith(" ") || out.endsWith(" ")) return `"${out}"`;
  return out;
}

/** The file text of a string value. */
export function encodeQSettingsString(value: string): string {
  return escapeString(value.startsWith("@") ? `@${value}` : value);
}

/** The file text of a byte array (given as Latin-1 characters, e.g. base64 text). */
export function encodeQSettingsBytes(value: string): string {
  return escapeString(`@ByteArray(${value})`);
}

/** The file text of a string list; Qt writes a one-item list as a plain string, none as @Invalid(). */
export function encodeQSettingsList(values: readonly string[]): string {
  if (values.length === 0) return "@Invalid()";
  return values.map(encodeQSettingsString).join(", ");
}

/** The file text of a boolean or number, as QVariant writes them. */
export function encodeQSettingsScalar(value: boolean | number): string {
  return String(value);
}

/** Qt's iniUnescapedStringList: the strings of a raw value (one, or a list when it has a bare comma). */
function unescapeValue(raw: string): { list: boolean; items: string[] } {
  const items: string[] = [];
  let list = false;
  let current = "";
  let inQuotes = false;
  let quoted = false;
  // Trailing spaces of an unquoted part are dropped, but not those an escape produced.
  let chopLimit = 0;
  let i = 0;
  const skipSpaces = () => {
    while (i < raw.length && (raw[i] === " " || raw[i] === "\t")) i++;
  };
  const chop = () => {
    let end = current.length;
    while (end > chopLimit && (current[end - 1] === " " || current[end - 1] === "\t")) end--;
    current = current.slice(0, end);
  };
  skipSpaces();
  chopLimit = current.length;
  while (i < raw.length) {
    const ch = raw[i] as string;
    if (ch === "\\") {
      i++;
      if (i >= raw.length) break;
      const next = raw[i++] as string;
      const simple = UNESCAPES[next];
      if (simple !== undefined) {
        current += simple;
        chopLimit = current.length;
        continue;
      }
      if (next === "x" && isHexDigit(raw[i])) {
        let value = 0;
        while (isHexDigit(raw[i])) value = ((value << 4) + Number.parseInt(raw[i++] as string, 16)) & 0xffff;
        current += String.fromCharCode(value);
      } else if (next >= "0" && next <= "7") {
        let value = Number(next);
        while (i < raw.length && (raw[i] as string) >= "0" && (raw[i] as string) <= "7") {
          value = ((value << 3) + Number(raw[i++])) & 0xffff;
        }
        current += String.fromCharCode(value);
      }
      // Any other escaped character is dropped, as Qt does.
      chopLimit = current.length;
    } else if (ch === '"') {
      i++;
      quoted = true;
      inQuotes = !inQuotes;
      if (!inQuotes) skipSpaces();
    } else if (ch === "," && !inQuotes) {
      if (!quoted) chop();
      list = true;
      items.push(current);
      current = "";
      quoted = false;
      i++;
      skipSpaces();
      chopLimit = 0;
    } else {
      let j = i + 1;
      while (j < raw.length && raw[j] !== "\\" && raw[j] !== '"' && raw[j] !== ",") j++;
      current += raw.slice(i, j);
      i = j;
    }
  }
  if (!quoted) chop();
  items.push(current);
  return { list, items };
}

/** Qt's stringToVariant for one string. */
function toVariant(text: string): QSettingsValue {
  if (!text.startsWith("@")) return { type: "string", value: text };
  if (text.startsWith("@@")) return { type: "string", value: text.slice(1) };
  if (text === "@Invalid()") return { type: "invalid" };
  if (text.startsWith("@ByteArray(") && text.endsWith(")")) {
    return { type: "bytes", value: text.slice("@ByteArray(".length, -1) };
  }
  if (text.startsWith("@String(") && text.endsWith(")")) {
    return { type: "string", value: text.slice("@String(".length, -1) };
  }
  return { type: "variant", text };
}

/** Decodes the text after `key=` as the app reads it. */
export function decodeQSettingsValue(raw: string): QSettingsValue {
  const { list, items } = unescapeValue(raw);
  if (list)
    return { type: "list", values: items.map((item) => (item.startsWith("@@") ? item.slice(1) : item)) };
  return toVariant(items[0] ?? "");
}

/** The value as the app's `QVariant::toString()` would give it, or undefined when it is no string. */
export function qsettingsText(value: QSettingsValue): string | undefined {
  switch (value.type) {
    case "string":
    case "bytes":
      return value.value;
    case "list":
      return value.values.length === 1 ? value.values[0] : undefined;
    default:
      return undefined;
  }
}
