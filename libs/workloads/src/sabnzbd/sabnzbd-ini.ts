import {
  type ConfigObjValue,
  ConfigObjValueError,
  formatConfigObjValue,
  parseConfigObjValue,
  sameConfigObjValue,
} from "./configobj-value";

// sabnzbd.ini (specs/workloads.md §2.3): a ConfigObj file. `__version__` at the top, then
// `[misc]`, `[logging]`, `[servers]` with one `[[name]]` per usenet server, `[categories]` with one
// `[[name]]` per category, and so on. The codec reads it the way ConfigObj does (and refuses what
// ConfigObj refuses: SABnzbd would not start on it) and edits only the keys it is asked to: every
// other line (servers with their passwords, categories, comments, order, line endings) is kept
// byte for byte. SABnzbd reads the file only at start and rewrites it on its next save, so edit it
// while the app is stopped, and use the API (set_config) while it runs.

/** The `[misc]` settings a charm manages. Absent: the key is missing (the app uses its default). */
export interface SabnzbdSettings {
  /** The full-access key (level 2 and 3 API calls). Never empty: `api_key = ""` locks the API. */
  apiKey?: string;
  /** The add-NZB-only key (level 1: addfile, addurl). */
  nzbKey?: string;
  /** The address the web server binds. */
  host?: string;
  port?: number;
  /** Host names the Host-header check accepts besides IPs, `localhost` and `*.local` (stored lower-case). */
  hostWhitelist?: string[];
  /** The URL prefix of the web UI, `/sabnzbd` by default (trailing slashes dropped, as the app does). */
  urlBase?: string;
  downloadDir?: string;
  completeDir?: string;
  /**
   * Octal mode SABnzbd gives finished jobs' folders (files get it without the execute bits), e.g.
   * `775`; "" leaves them as the process umask made them.
   */
  permissions?: string;
  /** 0 (default): full access for local addresses (loopback and RFC 1918), nothing for the rest. Settable only here. */
  inetExposure?: number;
  /** Networks counted as local (empty: RFC 1918). Settable only here. */
  localRanges?: string[];
  /** Online check for new releases (Debian disables it anyway). */
  checkNewRelease?: boolean;
  /** Open a browser at start. */
  autoBrowser?: boolean;
  /** SSDP/Bonjour announcements (only on non-loopback hosts). */
  enableBroadcast?: boolean;
  /** The host of the IPv6/TLS self-test; "" turns the test off. */
  selftestHost?: string;
  /** true: fail when the port is taken instead of silently moving to port+5 (§2.7). */
  fixedPorts?: boolean;
}

type Kind = "string" | "int" | "bool" | "list";

const KEYS: { readonly [K in keyof Required<SabnzbdSettings>]: readonly [string, Kind] } = {
  apiKey: ["api_key", "string"],
  nzbKey: ["nzb_key", "string"],
  host: ["host", "string"],
  port: ["port", "int"],
  hostWhitelist: ["host_whitelist", "list"],
  urlBase: ["url_base", "string"],
  downloadDir: ["download_dir", "string"],
  completeDir: ["complete_dir", "string"],
  permissions: ["permissions", "string"],
  inetExposure: ["inet_exposure", "int"],
  localRanges: ["local_ranges", "list"],
  checkNewRelease: ["check_new_rel", "bool"],
  autoBrowser: ["auto_browser", "bool"],
  enableBroadcast: ["enable_broadcast", "bool"],
  selftestHost: ["selftest_host", "string"],
  fixedPorts: ["fixed_ports", "bool"],
};

/**
 * What keeps a test instance quiet and offline (§2.3): no release check, no browser, no
 * SSDP/Bonjour, no self-test lookups of self-test.sabnzbd.org, and a port that does not move.
 */
export const SABNZBD_OFFLINE = {
  checkNewRelease: false,
  autoBrowser: false,
  enableBroadcast: false,
  selftestHost: "",
  fixedPorts: true,
} as const satisfies SabnzbdSettings;

/** The `__version__` SABnzbd 3.7 and 4.x write. */
export const SABNZBD_CONFIG_VERSION = 19;

/** A sabnzbd.ini ConfigObj (and so SABnzbd) would refuse, or a value the codec refuses to write. */
export class SabnzbdIniError extends Error {
  constructor(message: string) {
    super(`sabnzbd.ini: ${message}`);
    this.name = "SabnzbdIniError";
  }
}

interface Line {
  text: string;
  eol: string;
}

interface Entry {
  /** Section names from the top, [] for the top level. */
  path: string[];
  key: string;
  /** The key as written (quotes and indentation included). */
  indent: string;
  rawKey: string;
  /** First and last line of the entry (several for a triple-quoted value). */
  first: number;
  last: number;
  value: ConfigObjValue;
  comment: string | undefined;
}

interface Section {
  path: string[];
  header: number;
}

const KEYWORD = /^(\s*)((?:".*?")|(?:'.*?')|(?:[^'"=].*?))\s*=\s*(.*)$/;
const SECTION_MARKER =
  /^(\s*)((?:\[\s*)+)((?:"\s*\S.*?\s*")|(?:'\s*\S.*?\s*')|(?:[^'"\s].*?))((?:\s*\])+)\s*(#.*)?$/;
// SABnzbd's OptionList parses a string this way (config.py RE_PARAMFINDER).
const PARAM = /(?:'.*?')|(?:".*?")|(?:[^'",\s][^,]*)/g;

const pathKey = (path: readonly string[]) => JSON.stringify(path);

function unquoteName(name: string): string {
  const first = name[0];
  return first === name.at(-1) && (first === '"' || first === "'") ? name.slice(1, -1) : name;
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const pattern = /\r?\n/g;
  let start = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    lines.push({ text: source.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  if (start < source.length) lines.push({ text: source.slice(start), eol: "" });
  return lines;
}

/** SABnzbd's reading of a value for an option of this kind. */
function read(key: string, kind: Kind, value: ConfigObjValue): string | number | boolean | string[] {
  const text = typeof value === "string" ? value : value.join(", ");
  switch (kind) {
    case "list":
      if (Array.isArray(value)) return value;
      if (!value.includes('"') && !value.includes(",")) return value.split(/\s+/).filter(Boolean);
      return [...value.matchAll(PARAM)].map((match) => match[0]);
    case "int":
      if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new SabnzbdIniError(`[misc] ${key} is not a number`);
      return Number(text);
    case "bool":
      // int_conv: anything that is not an integer reads as 0.
      return /^\s*[+-]?\d+\s*$/.test(text) && Number(text) !== 0;
    default:
      return text;
  }
}

function toValue(name: keyof SabnzbdSettings, kind: Kind, value: unknown): ConfigObjValue {
  switch (kind) {
    case "bool":
      if (typeof value !== "boolean") throw new SabnzbdIniError(`${name} must be a boolean`);
      return value ? "1" : "0";
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
        throw new SabnzbdIniError(`${name} must be a non-negative integer, got ${value}`);
      }
      if (name === "port" && (value < 1 || value > 65535))
        throw new SabnzbdIniError(`port must be 1..65535, got ${value}`);
      return String(value);
    case "list": {
      if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item.trim() === "")) {
        throw new SabnzbdIniError(`${name} must be a list of non-empty strings`);
      }
      const items = value as string[];
      return name === "hostWhitelist" ? items.map((item) => item.toLowerCase()) : [...items];
    }
    default: {
      if (typeof value !== "string") throw new SabnzbdIniError(`${name} must be a string`);
      if ((name === "apiKey" || name === "nzbKey") && value.trim() === "") {
        throw new SabnzbdIniError(`${name} must not be empty (an empty key locks the API)`);
      }
      return name === "urlBase" ? value.replace(/\/+$/, "") : value;
    }
  }
}

/** A key to set in a section (`path`), or to remove (value undefined). */
export interface SabnzbdIniEdit {
  path: readonly string[];
  key: string;
  value: ConfigObjValue | undefined;
}

/** A parsed sabnzbd.ini: read the owned settings, change some, write it back with the rest intact. */
export class SabnzbdIni {
  private readonly entries: Entry[] = [];
  private readonly sectionList: Section[] = [];

  private constructor(
    private readonly bom: string,
    private readonly lines: readonly Line[],
  ) {
    this.scan();
  }

  /** Parses a sabnzbd.ini; throws SabnzbdIniError where ConfigObj (so SABnzbd) would refuse it. */
  static parse(text: string): SabnzbdIni {
    const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
    return new SabnzbdIni(bom, splitLines(text.slice(bom.length)));
  }

  /** A new file: `__version__`, then `[misc]` holding `settings`. */
  static create(settings: SabnzbdSettings = {}): SabnzbdIni {
    return SabnzbdIni.parse(`__version__ = ${SABNZBD_CONFIG_VERSION}\n[misc]\n`).with(settings);
  }

  /** Top-level section names, in file order. */
  sections(): string[] {
    return this.sectionList.filter((s) => s.path.length === 1).map((s) => s.path[0] as string);
  }

  /** Names of the subsections of a section (`["servers"]` -> the servers). */
  subsections(path: readonly string[]): string[] {
    return this.sectionList
      .filter((s) => s.path.length === path.length + 1 && pathKey(s.path.slice(0, -1)) === pathKey(path))
      .map((s) => s.path.at(-1) as string);
  }

  /** The keys of a section (`[]` for the top level), in file order. */
  keys(path: readonly string[]): string[] {
    return this.entries.filter((e) => pathKey(e.path) === pathKey(path)).map((e) => e.key);
  }

  /** A value as ConfigObj reads it, or undefined when the key is missing. */
  value(path: readonly string[], key: string): ConfigObjValue | undefined {
    return this.entry(path, key)?.value;
  }

  /** The owned `[misc]` settings, as SABnzbd reads them. */
  get settings(): SabnzbdSettings {
    const settings: Record<string, unknown> = {};
    for (const [name, [key, kind]] of Object.entries(KEYS)) {
      const value = this.value(["misc"], key);
      if (value !== undefined) settings[name] = read(key, kind, value);
    }
    return settings as SabnzbdSettings;
  }

  /**
   * A copy with the given `[misc]` settings set (undefined ones untouched). Keys whose value is
   * already right stay byte for byte, so `ini.with(x).toString() === ini.toString()` tells the
   * charm there is nothing to push.
   */
  with(settings: SabnzbdSettings): SabnzbdIni {
    const edits: SabnzbdIniEdit[] = [];
    for (const [name, value] of Object.entries(settings) as [keyof SabnzbdSettings, unknown][]) {
      if (value === undefined) continue;
      const spec = KEYS[name];
      if (!spec) throw new SabnzbdIniError(`unknown setting ${name}`);
      edits.push({ path: ["misc"], key: spec[0], value: toValue(name, spec[1], value) });
    }
    return this.withValues(edits);
  }

  /**
   * A copy with any keys set or removed. A missing key goes after the last key of its section
   * (before its subsections); a missing top-level section is appended at the end of the file.
   */
  withValues(edits: readonly SabnzbdIniEdit[]): SabnzbdIni {
    const replaced = new Map<number, { last: number; text: string | undefined }>();
    const inserts = new Map<number, string[]>();
    const appended = new Map<string, string[]>();
    for (const edit of edits) {
      if (!/^[^'"=[\s#][^=]*$/.test(edit.key) || edit.key !== edit.key.trim()) {
        throw new SabnzbdIniError(`${JSON.stringify(edit.key)} cannot be written as a key`);
      }
      const formatted = edit.value === undefined ? undefined : this.format(edit.key, edit.value);
      const entry = this.entry(edit.path, edit.key);
      if (entry) {
        if (edit.value !== undefined && sameConfigObjValue(entry.value, edit.value)) continue;
        const comment = entry.comment ? ` ${entry.comment}` : "";
        const text =
          formatted === undefined ? undefined : `${entry.indent}${entry.rawKey} = ${formatted}${comment}`;
        replaced.set(entry.first, { last: entry.last, text });
        continue;
      }
      if (formatted === undefined) continue;
      const section = this.sectionList.find((s) => pathKey(s.path) === pathKey(edit.path));
      if (section || edit.path.length === 0) {
        const at = section ? this.insertionLine(section) : this.topInsertionLine();
        const indent = this.entries.find((e) => pathKey(e.path) === pathKey(edit.path))?.indent ?? "";
        inserts.set(at, [...(inserts.get(at) ?? []), `${indent}${edit.key} = ${formatted}`]);
      } else if (edit.path.length === 1) {
        const name = edit.path[0] as string;
        appended.set(name, [...(appended.get(name) ?? []), `${edit.key} = ${formatted}`]);
      } else {
        throw new SabnzbdIniError(`section [${edit.path.join("/")}] does not exist`);
      }
    }
    if (replaced.size === 0 && inserts.size === 0 && appended.size === 0) return this;

    const eol = this.lines.find((line) => line.eol)?.eol ?? "\n";
    const out: Line[] = [];
    const push = (text: string) => {
      const previous = out.at(-1);
      if (previous && !previous.eol) previous.eol = eol;
      out.push({ text, eol });
    };
    for (let index = 0; index <= this.lines.length; index++) {
      for (const text of inserts.get(index) ?? []) push(text);
      const line = this.lines[index];
      if (!line) continue;
      const replacement = replaced.get(index);
      if (!replacement) {
        out.push({ ...line });
        continue;
      }
      const last = this.lines[replacement.last] as Line;
      if (replacement.text !== undefined) out.push({ text: replacement.text, eol: last.eol });
      index = replacement.last;
    }
    for (const [name, lines] of appended) {
      push(`[${name}]`);
      for (const text of lines) push(text);
    }
    return SabnzbdIni.parse(this.bom + out.map((line) => line.text + line.eol).join(""));
  }

  toString(): string {
    return this.bom + this.lines.map((line) => line.text + line.eol).join("");
  }

  private format(key: string, value: ConfigObjValue): string {
    try {
      return formatConfigObjValue(value);
    } catch (error) {
      if (error instanceof ConfigObjValueError) throw new SabnzbdIniError(`${key}: ${error.message}`);
      throw error;
    }
  }

  private entry(path: readonly string[], key: string): Entry | undefined {
    return this.entries.find((e) => e.key === key && pathKey(e.path) === pathKey(path));
  }

  /** Where a new key of `section` goes: after its last key, before its first subsection. */
  private insertionLine(section: Section): number {
    const own = this.entries.filter((e) => pathKey(e.path) === pathKey(section.path));
    return own.length > 0 ? (own.at(-1) as Entry).last + 1 : section.header + 1;
  }

  private topInsertionLine(): number {
    const own = this.entries.filter((e) => e.path.length === 0);
    if (own.length > 0) return (own.at(-1) as Entry).last + 1;
    return this.sectionList[0]?.header ?? this.lines.length;
  }

  /** ConfigObj._parse: sections by depth, keys with their values; its errors are fatal. */
  private scan(): void {
    const fail = (index: number, what: string): never => {
      throw new SabnzbdIniError(`${what} at line ${index + 1}`);
    };
    let path: string[] = [];
    const seenSections = new Set<string>();
    const seenKeys = new Set<string>();
    for (let index = 0; index < this.lines.length; index++) {
      const text = (this.lines[index] as Line).text;
      const trimmed = text.trim();
      if (!trimmed || trimmed.startsWith("#")) continue;
      const marker = SECTION_MARKER.exec(text);
      if (marker) {
        const depth = (marker[2]?.match(/\[/g) ?? []).length;
        if (depth !== (marker[4]?.match(/\]/g) ?? []).length) fail(index, "unbalanced section brackets");
        if (depth > path.length + 1) fail(index, "a section nested too deep");
        const name = unquoteName(marker[3] as string);
        const next = [...path.slice(0, depth - 1), name];
        if (seenSections.has(pathKey(next))) fail(index, "a duplicate section");
        seenSections.add(pathKey(next));
        this.sectionList.push({ path: next, header: index });
        path = next;
        continue;
      }
      const keyword = KEYWORD.exec(text);
      if (!keyword) fail(index, "a line that is neither a section nor a key");
      const [, indent, rawKey, rawValue] = keyword as RegExpExecArray;
      let parsed: ReturnType<typeof parseConfigObjValue>;
      try {
        parsed = parseConfigObjValue(
          rawValue as string,
          this.lines.slice(index + 1).map((line) => line.text),
        );
      } catch (error) {
        if (error instanceof ConfigObjValueError) fail(index, `an unreadable value (${error.message})`);
        throw error;
      }
      const key = unquoteName((rawKey as string).trimEnd());
      const id = pathKey([...path, key]);
      if (seenKeys.has(id)) fail(index, "a duplicate key");
      seenKeys.add(id);
      this.entries.push({
        path,
        key,
        indent: indent as string,
        rawKey: (rawKey as string).trimEnd(),
        first: index,
        last: index + parsed.lines,
        value: parsed.value,
        comment: parsed.comment,
      });
      index += parsed.lines;
    }
  }
}
