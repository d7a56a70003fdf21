// config.xml the way the apps load and save it (XDocument; specs/app-apis.md §b): a well-formed
// document whose single root is <Config>, read as one value per child element, and written back
// whole with two-space indentation, no declaration and no final newline. Written apart from
// @charmarr/workloads' codec on purpose: a stand-in that shared the parser under test could not
// catch its mistakes.

/** The app refuses to start on such a file. */
export class InvalidConfigFileError extends Error {
  constructor(file: string, appName: string, reason: string) {
    super(
      `${file} is corrupt or invalid (${reason}). Please delete the config file and ${appName} will recreate it.`,
    );
    this.name = "InvalidConfigFileException";
  }
}

/** The child elements of <Config>, in order, with their text (untrimmed). */
export type ConfigEntries = [name: string, value: string][];

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([A-Za-z_:][\w.:-]*)\s*>|<([A-Za-z_:][\w.:-]*)(?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*(\/?)>|([^<]+)|(<)/gy;

function decodeText(text: string): string {
  return text.replace(
    /&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);|&/g,
    (match, entity: string | undefined) => {
      if (!entity) throw new Error("an unescaped '&'");
      if (entity.startsWith("#x")) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
      if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
      return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[entity] ?? match;
    },
  );
}

/** Reads the document; throws a plain Error naming what is malformed. */
function readEntries(text: string): ConfigEntries {
  const entries: ConfigEntries = [];
  const open: { name: string; text: string }[] = [];
  let rootSeen = false;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const [token, cdata, closing, opening, selfClosing, chars, stray] = match;
    const top = open.at(-1);
    if (stray !== undefined) throw new Error("a malformed tag");
    if (chars !== undefined || cdata !== undefined) {
      const value = cdata ?? decodeText(chars ?? "");
      if (top) top.text += value;
      else if (value.trim() !== "" || cdata !== undefined) throw new Error("data at the root level");
      continue;
    }
    if (token.startsWith("<!--") || token.startsWith("<?")) continue;
    if (opening !== undefined) {
      if (open.length === 0) {
        if (rootSeen) throw new Error("more than one root element");
        if (opening !== "Config") throw new Error(`the root element is <${opening}>`);
        rootSeen = true;
      }
      // A self-closing child is an empty value; a self-closing root has no children.
      if (!selfClosing) open.push({ name: opening, text: "" });
      else if (open.length === 1) entries.push([opening, ""]);
      continue;
    }
    const element = open.pop();
    if (!element || element.name !== closing) throw new Error(`an unexpected </${closing}>`);
    const parent = open.at(-1);
    if (open.length === 1) entries.push([element.name, element.text]);
    else if (parent && open.length > 1) parent.text += element.text;
  }
  if (open.length > 0) throw new Error(`<${open.at(-1)?.name}> is not closed`);
  if (!rootSeen) throw new Error("no root element");
  return entries;
}

export function parseConfigDocument(text: string, file: string, appName: string): ConfigEntries {
  const content = text.replace(/^\uFEFF/, "");
  // The app's own checks before XML parsing: an empty file, or one of control characters only.
  if (content.trim() === "" || /^[\u0000-\u001F\s]*$/.test(content)) {
    throw new InvalidConfigFileError(file, appName, "the file is empty");
  }
  try {
    return readEntries(content);
  } catch (error) {
    throw new InvalidConfigFileError(file, appName, (error as Error).message);
  }
}

const escapeText = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** XDocument.ToString() of a <Config> with these children. */
export function writeConfigDocument(entries: ConfigEntries): string {
  if (entries.length === 0) return "<Config />";
  const children = entries.map(([name, value]) => `  <${name}>${escapeText(value)}</${name}>`);
  return `<Config>\n${children.join("\n")}\n</Config>`;
}
