import { decodeQSettingsValue, type QSettingsValue } from "./qsettings-value";

// A QSettings INI file as lines: `[Section]` headers and `Key\Sub=value` entries. Reading follows
// QSettings (a section may appear twice and merges; a repeated key: the last one wins; `;` outside
// quotes starts a comment). Editing touches only the entries it is asked to; every other byte of
// the file (other sections, unknown keys, comments, blank lines, line endings) stays as it was.
// qBittorrent sorts and rewrites the whole file itself the next time it saves, which is fine: the
// point is that the charm never drops what it does not own.

interface Line {
  text: string;
  /** The line ending that followed it ("" for the last line without one). */
  eol: string;
}

interface Entry {
  line: number;
  section: string;
  key: string;
  /** The raw value text (after `=`, up to a comment). */
  raw: string;
}

/** A key to set: its file text (already encoded), or undefined to remove it. */
export type QSettingsEdit = { section: string; key: string; text: string | undefined };

const SECTION = /^\s*\[(.*)\]\s*$/;

/** Where the value of an entry line ends: at a `;` outside quotes (Qt's comment), or the line end. */
function valueEnd(text: string, from: number): number {
  let inQuotes = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === '"') inQuotes = !inQuotes;
    else if (ch === ";" && !inQuotes) return i;
  }
  return text.length;
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const pattern = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    lines.push({ text: source.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  if (start < source.length) lines.push({ text: source.slice(start), eol: "" });
  return lines;
}

export class QSettingsIni {
  private readonly entries: Entry[] = [];
  /** Index of each section header line, by section name (all occurrences). */
  private readonly headers = new Map<string, number[]>();

  private constructor(private readonly lines: readonly Line[]) {
    let section = "General";
    lines.forEach((line, index) => {
      const header = SECTION.exec(line.text);
      if (header) {
        section = (header[1] as string).trim();
        const list = this.headers.get(section) ?? [];
        list.push(index);
        this.headers.set(section, list);
        return;
      }
      const trimmed = line.text.trimStart();
      if (trimmed.startsWith(";") || trimmed.startsWith("#")) return;
      const equals = line.text.indexOf("=");
      if (equals < 0) return;
      const key = line.text.slice(0, equals).trim();
      if (!key) return;
      const raw = line.text.slice(equals + 1, valueEnd(line.text, equals + 1));
      this.entries.push({ line: index, section, key, raw });
    });
  }

  static parse(source: string): QSettingsIni {
    return new QSettingsIni(splitLines(source));
  }

  /** The section names, in file order (once each). */
  sections(): string[] {
    return [...this.headers.keys()];
  }

  /** The keys of a section, in file order (once each). */
  keys(section: string): string[] {
    return [...new Set(this.entries.filter((entry) => entry.section === section).map((entry) => entry.key))];
  }

  /** The raw value text of `key` (as written in the file, `Session\Port` form), or undefined. */
  raw(section: string, key: string): string | undefined {
    return this.find(section, key).at(-1)?.raw;
  }

  /** The decoded value of `key`, or undefined when it is missing. */
  value(section: string, key: string): QSettingsValue | undefined {
    const raw = this.raw(section, key);
    return raw === undefined ? undefined : decodeQSettingsValue(raw);
  }

  /**
   * A copy with the given entries set or removed. An entry whose decoded value already equals
   * the new text's is left byte for byte. Repeats of a key are removed (the app reads one). A
   * missing key goes after the last entry of the last occurrence of its section; a missing
   * section is appended at the end.
   */
  with(edits: readonly QSettingsEdit[]): QSettingsIni {
    const replace = new Map<number, string | null>();
    const appendTo = new Map<string, string[]>();
    for (const edit of edits) {
      const found = this.find(edit.section, edit.key);
      const last = found.at(-1);
      for (const entry of found.slice(0, -1)) replace.set(entry.line, null);
      if (edit.text === undefined) {
        if (last) replace.set(last.line, null);
        continue;
      }
      if (last) {
        if (!sameValue(last.raw, edit.text)) replace.set(last.line, `${last.key}=${edit.text}`);
        continue;
      }
      const lines = appendTo.get(edit.section) ?? [];
      lines.push(`${edit.key}=${edit.text}`);
      appendTo.set(edit.section, lines);
    }
    if (replace.size === 0 && appendTo.size === 0) return this;

    const eol = this.lines.find((line) => line.eol)?.eol ?? "\n";
    const insertAfter = new Map<number, string[]>();
    const newSections: [string, string[]][] = [];
    for (const [section, added] of appendTo) {
      const at = this.insertionLine(section);
      if (at === undefined) newSections.push([section, added]);
      else insertAfter.set(at, [...(insertAfter.get(at) ?? []), ...added]);
    }
    const out: Line[] = [];
    this.lines.forEach((line, index) => {
      const replacement = replace.get(index);
      if (replacement === undefined) out.push({ ...line });
      else if (replacement !== null) out.push({ text: replacement, eol: line.eol });
      for (const text of insertAfter.get(index) ?? []) {
        const previous = out.at(-1);
        if (previous && !previous.eol) previous.eol = eol;
        out.push({ text, eol });
      }
    });
    for (const [section, added] of newSections) {
      const previous = out.at(-1);
      if (previous && !previous.eol) previous.eol = eol;
      if (previous && previous.text.trim() !== "") out.push({ text: "", eol });
      out.push({ text: `[${section}]`, eol });
      for (const text of added) out.push({ text, eol });
    }
    return new QSettingsIni(out);
  }

  toString(): string {
    return this.lines.map((line) => line.text + line.eol).join("");
  }

  private find(section: string, key: string): Entry[] {
    return this.entries.filter((entry) => entry.section === section && entry.key === key);
  }

  /** The line after which a new key of `section` goes, or undefined when the section is missing. */
  private insertionLine(section: string): number | undefined {
    const header = this.headers.get(section)?.at(-1);
    if (header === undefined) {
      if (section !== "General") return undefined;
      // Keys before any header belong to [General]; add there only if some already exist.
      const first = this.entries.find((entry) => entry.section === "General");
      return first ? this.lastEntryLine(-1) : undefined;
    }
    return this.lastEntryLine(header);
  }

  /** The last non-blank line of the section occurrence starting at `header`, or the header itself. */
  private lastEntryLine(header: number): number {
    let last = header;
    for (let index = header + 1; index < this.lines.length; index++) {
      const line = this.lines[index] as Line;
      if (SECTION.test(line.text)) break;
      if (line.text.trim() !== "") last = index;
    }
    return last;
  }
}

/** Whether two raw value texts decode to the same value (so an equal one is not rewritten). */
function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  return JSON.stringify(decodeQSettingsValue(a)) === JSON.stringify(decodeQSettingsValue(b));
}
