// config.xml of Radarr, Sonarr and Prowlarr (specs/app-apis.md §b): one <Config> root with one
// text element per setting. The codec edits only the elements it is asked to and keeps every
// other byte of the file as it was (order, comments, formatting), so a charm rewriting its six
// settings never disturbs what the app or the operator keeps there. It is a small hand-written
// scanner on purpose: it runs in every hook, and an XML library would cost more to load than the
// file costs to read.

export type AuthenticationMethod = "None" | "Basic" | "Forms" | "External";
export type AuthenticationRequired = "Enabled" | "DisabledForLocalAddresses";

/** The settings a charm manages. Absent: the element is missing (or blank, for ApiKey). */
export interface ServarrConfigSettings {
  apiKey?: string;
  port?: number;
  /** Normalised as the app does: "" or one leading slash and none trailing (`/radarr`). */
  urlBase?: string;
  bindAddress?: string;
  authenticationMethod?: AuthenticationMethod;
  authenticationRequired?: AuthenticationRequired;
}

/** Element names, in the order the app itself writes them. */
const ELEMENTS: readonly (readonly [keyof ServarrConfigSettings, string])[] = [
  ["bindAddress", "BindAddress"],
  ["port", "Port"],
  ["apiKey", "ApiKey"],
  ["authenticationMethod", "AuthenticationMethod"],
  ["authenticationRequired", "AuthenticationRequired"],
  ["urlBase", "UrlBase"],
];

const AUTHENTICATION_METHODS: readonly AuthenticationMethod[] = ["None", "Basic", "Forms", "External"];
const AUTHENTICATION_REQUIRED: readonly AuthenticationRequired[] = ["Enabled", "DisabledForLocalAddresses"];

/** A config.xml the app would refuse, or a value it cannot hold. Never quotes a setting's value. */
export class ConfigXmlError extends Error {
  constructor(message: string) {
    super(`config.xml: ${message}`);
    this.name = "ConfigXmlError";
  }
}

interface Child {
  name: string;
  /** Offsets of the whole element in the source. */
  start: number;
  end: number;
  /** Its text content, entities decoded (the text of nested elements included). */
  text: string;
}

interface Root {
  /** Where the start tag ends (after `>`), and where the end tag begins; equal for `<Config/>`. */
  contentStart: number;
  contentEnd: number;
  /** The self-closing tag's span, when the root is `<Config/>`. */
  selfClosing?: { start: number; end: number };
}

const NAME = /[A-Za-z_:][-A-Za-z0-9._:]*/y;
const ATTRIBUTE = /\s+[A-Za-z_:][-A-Za-z0-9._:]*\s*=\s*(?:"[^"<]*"|'[^'<]*')/y;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/y;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
// Characters XML 1.0 cannot carry at all.
const INVALID_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string, at = this.pos): never {
    const before = this.text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    throw new ConfigXmlError(`${what} at line ${line}, column ${column}`);
  }

  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  skipPast(terminator: string, what: string): void {
    const end = this.text.indexOf(terminator, this.pos);
    if (end < 0) this.fail(`unterminated ${what}`);
    this.pos = end + terminator.length;
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos] as string)) this.pos++;
  }

  /** Comments, processing instructions and whitespace between elements. */
  skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith("<!--")) this.skipPast("-->", "comment");
      else if (this.startsWith("<?")) this.skipPast("?>", "processing instruction");
      else return;
    }
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.text);
    if (!match) this.fail("expected an element name");
    this.pos = NAME.lastIndex;
    return match[0];
  }

  /** At `<`: reads a start tag, returns its name and whether it closes itself. */
  startTag(): { name: string; selfClosing: boolean } {
    this.pos++;
    const name = this.name();
    for (;;) {
      ATTRIBUTE.lastIndex = this.pos;
      if (!ATTRIBUTE.exec(this.text)) break;
      this.pos = ATTRIBUTE.lastIndex;
    }
    this.skipWhitespace();
    if (this.startsWith("/>")) {
      this.pos += 2;
      return { name, selfClosing: true };
    }
    if (!this.startsWith(">")) this.fail(`malformed start tag <${name}>`);
    this.pos++;
    return { name, selfClosing: false };
  }

  /** At `</`: reads the end tag of `name`. */
  endTag(name: string): void {
    const at = this.pos;
    this.pos += 2;
    const found = this.name();
    this.skipWhitespace();
    if (found !== name || !this.startsWith(">")) this.fail(`</${found}> does not close <${name}>`, at);
    this.pos++;
  }

  /** After the start tag of `name`: its content up to and including the end tag, as text. */
  content(name: string): string {
    let text = "";
    for (;;) {
      if (this.pos >= this.text.length) this.fail(`<${name}> is not closed`);
      if (this.startsWith("</")) {
        this.endTag(name);
        return text;
      }
      if (this.startsWith("<!--")) this.skipPast("-->", "comment");
      else if (this.startsWith("<?")) this.skipPast("?>", "processing instruction");
      else if (this.startsWith("<![CDATA[")) {
        const end = this.text.indexOf("]]>", this.pos);
        if (end < 0) this.fail("unterminated CDATA section");
        text += this.text.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.startsWith("<")) {
        const tag = this.startTag();
        if (!tag.selfClosing) text += this.content(tag.name);
      } else if (this.startsWith("&")) {
        text += this.entity();
      } else {
        const next = this.text.slice(this.pos).search(/[<&]/);
        const end = next < 0 ? this.text.length : this.pos + next;
        text += this.text.slice(this.pos, end);
        this.pos = end;
      }
    }
  }

  entity(): string {
    ENTITY.lastIndex = this.pos;
    const match = ENTITY.exec(this.text);
    if (!match) this.fail("'&' that starts no known entity");
    this.pos = ENTITY.lastIndex;
    const [, hex, decimal, named] = match;
    if (named) return NAMED_ENTITIES[named] as string;
    const code = hex ? Number.parseInt(hex, 16) : Number(decimal);
    if (code > 0x10ffff) this.fail("character reference out of range");
    return String.fromCodePoint(code);
  }
}

function parse(source: string): { root: Root; children: Child[] } {
  const scanner = new Scanner(source);
  if (source.startsWith("\uFEFF")) scanner.pos = 1;
  scanner.skipMisc();
  if (scanner.startsWith("<!DOCTYPE")) scanner.fail("document type declarations are not allowed");
  if (!scanner.startsWith("<")) scanner.fail("no root element");
  const rootStart = scanner.pos;
  const tag = scanner.startTag();
  if (tag.name !== "Config") scanner.fail(`the root element is <${tag.name}>, not <Config>`, rootStart);
  const children: Child[] = [];
  let root: Root;
  if (tag.selfClosing) {
    root = {
      contentStart: scanner.pos,
      contentEnd: scanner.pos,
      selfClosing: { start: rootStart, end: scanner.pos },
    };
  } else {
    const contentStart = scanner.pos;
    for (;;) {
      scanner.skipMisc();
      if (scanner.pos >= source.length) scanner.fail("<Config> is not closed");
      if (scanner.startsWith("</")) {
        const contentEnd = scanner.pos;
        scanner.endTag("Config");
        root = { contentStart, contentEnd };
        break;
      }
      if (!scanner.startsWith("<") || scanner.startsWith("<![CDATA[")) {
        scanner.fail("text directly inside <Config>");
      }
      const start = scanner.pos;
      const child = scanner.startTag();
      const text = child.selfClosing ? "" : scanner.content(child.name);
      children.push({ name: child.name, start, end: scanner.pos, text: text.replaceAll("\r\n", "\n") });
    }
  }
  scanner.skipMisc();
  if (scanner.pos < source.length) scanner.fail("content after the root element");
  return { root, children };
}

function escapeText(name: string, value: string): string {
  if (INVALID_XML_CHAR.test(value))
    throw new ConfigXmlError(`the value for <${name}> has a character XML cannot hold`);
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function normaliseUrlBase(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}` : "";
}

function parseEnum<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
  if (!found) {
    throw new ConfigXmlError(`<${name}> is ${JSON.stringify(value)}, not one of ${allowed.join(", ")}`);
  }
  return found;
}

function formatSetting(key: keyof ServarrConfigSettings, value: string | number): string {
  if (key === "urlBase") return normaliseUrlBase(String(value));
  if (key === "port") {
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535) {
      throw new ConfigXmlError(`Port must be an integer from 0 to 65535, got ${value}`);
    }
  }
  return String(value);
}

/** A parsed config.xml: read settings, change some, write it back with everything else intact. */
export class ServarrConfigXml {
  private constructor(
    private readonly source: string,
    private readonly root: Root,
    private readonly children: readonly Child[],
  ) {}

  /** Parses a config.xml; throws ConfigXmlError where the app would refuse to start. */
  static parse(text: string): ServarrConfigXml {
    if (text.trim() === "") throw new ConfigXmlError("the file is empty");
    const { root, children } = parse(text);
    return new ServarrConfigXml(text, root, children);
  }

  /** A new file holding just `settings`, in the app's own layout. */
  static create(settings: ServarrConfigSettings): ServarrConfigXml {
    return ServarrConfigXml.parse("<Config>\n</Config>").with(settings);
  }

  /** The names of the root's child elements, in file order. */
  names(): string[] {
    return this.children.map((child) => child.name);
  }

  /** The trimmed text of an element (the app trims every value), or undefined if it is missing. */
  value(name: string): string | undefined {
    return this.children.find((child) => child.name === name)?.text.trim();
  }

  /** The managed settings, parsed as the app parses them. */
  get settings(): ServarrConfigSettings {
    const settings: ServarrConfigSettings = {};
    const apiKey = this.value("ApiKey");
    if (apiKey) settings.apiKey = apiKey;
    const port = this.value("Port");
    if (port !== undefined) {
      if (!/^[+-]?\d+$/.test(port)) throw new ConfigXmlError("<Port> is not a number");
      settings.port = Number(port);
    }
    const urlBase = this.value("UrlBase");
    if (urlBase !== undefined) settings.urlBase = normaliseUrlBase(urlBase);
    const bindAddress = this.value("BindAddress");
    if (bindAddress) settings.bindAddress = bindAddress;
    const method = this.value("AuthenticationMethod");
    if (method)
      settings.authenticationMethod = parseEnum("AuthenticationMethod", method, AUTHENTICATION_METHODS);
    const required = this.value("AuthenticationRequired");
    if (required) {
      settings.authenticationRequired = parseEnum(
        "AuthenticationRequired",
        required,
        AUTHENTICATION_REQUIRED,
      );
    }
    return settings;
  }

  /**
   * A copy with the given settings set (undefined ones untouched). Elements whose value is
   * already right are left byte for byte; missing ones are appended in the app's indentation.
   * A duplicated element is set once and its repeats removed (the app reads only one).
   */
  with(settings: ServarrConfigSettings): ServarrConfigXml {
    const values = new Map<string, string>();
    for (const [key, name] of ELEMENTS) {
      const value = settings[key];
      if (value !== undefined) values.set(name, formatSetting(key, value));
    }
    return this.withValues(values);
  }

  /** Whether the file already has `settings` (undefined ones aside): `with` would change nothing. */
  holds(settings: ServarrConfigSettings): boolean {
    return this.with(settings).toString() === this.toString();
  }

  /** A copy with arbitrary elements set: for settings this codec does not type. */
  withValues(values: ReadonlyMap<string, string>): ServarrConfigXml {
    for (const name of values.keys()) {
      NAME.lastIndex = 0;
      const match = NAME.exec(name);
      if (match?.[0] !== name) throw new ConfigXmlError(`${JSON.stringify(name)} is not an element name`);
    }
    const element = (name: string, value: string) => `<${name}>${escapeText(name, value)}</${name}>`;
    const edits: { start: number; end: number; text: string }[] = [];
    const seen = new Set<string>();
    for (const child of this.children) {
      const value = values.get(child.name);
      if (value === undefined) continue;
      if (seen.has(child.name)) {
        edits.push({ start: this.lineStart(child.start), end: child.end, text: "" });
      } else if (child.text.trim() !== value) {
        edits.push({ start: child.start, end: child.end, text: element(child.name, value) });
      }
      seen.add(child.name);
    }
    const missing = [...values].filter(([name]) => !seen.has(name));
    if (missing.length > 0) {
      const indent = this.indent();
      const eol = this.source.includes("\r\n") ? "\r\n" : "\n";
      const added = missing.map(([name, value]) => `${eol}${indent}${element(name, value)}`).join("");
      const last = this.children.at(-1);
      if (this.root.selfClosing) {
        edits.push({ ...this.root.selfClosing, text: `<Config>${added}${eol}</Config>` });
      } else if (last) {
        edits.push({ start: last.end, end: last.end, text: added });
      } else {
        edits.push({ start: this.root.contentStart, end: this.root.contentEnd, text: `${added}${eol}` });
      }
    }
    if (edits.length === 0) return this;
    let text = this.source;
    for (const edit of edits.sort((a, b) => b.start - a.start)) {
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    }
    return ServarrConfigXml.parse(text);
  }

  toString(): string {
    return this.source;
  }

  /** The indentation of the first child element, or the app's two spaces. */
  private indent(): string {
    const first = this.children[0];
    if (!first) return "  ";
    const start = this.indentStart(first.start);
    return this.source[start - 1] === "\n" ? this.source.slice(start, first.start) : "  ";
  }

  /** Where the spaces and tabs right before `offset` begin. */
  private indentStart(offset: number): number {
    let at = offset;
    while (at > 0 && " \t".includes(this.source[at - 1] as string)) at--;
    return at;
  }

  /** Where the line of an element to remove begins, its newline included, so no blank line is left. */
  private lineStart(offset: number): number {
    let at = this.indentStart(offset);
    if (this.source[at - 1] === "\n") at--;
    if (this.source[at - 1] === "\r") at--;
    return at;
  }
}
