import { createHash, randomUUID } from "node:crypto";

// Preferences.xml, the charm's side (specs/app-apis.md §h): one self-closing <Preferences …/>
// element. The charm makes the identifiers before the first start, as Plex's own Docker image
// does, so it can claim the server before PMS ever runs; it sets PlexOnlineToken and never
// touches the other attributes PMS keeps there.

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escapeAttribute = (text: string) => text.replace(/[&<>"]/g, (char) => XML_ESCAPES[char]!);
const unescapeAttribute = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_whole, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name]!,
  );

export class PlexPreferencesError extends Error {}

/** ProcessedMachineIdentifier: SHA-1 of "<MachineIdentifier>- Plex Media Server", as PMS derives it. */
export function processedMachineIdentifier(machineIdentifier: string): string {
  return createHash("sha1").update(`${machineIdentifier}- Plex Media Server`).digest("hex");
}

export class PlexPreferences {
  private constructor(readonly attributes: ReadonlyMap<string, string>) {}

  static parse(text: string): PlexPreferences {
    const element = /<Preferences\b([^>]*?)\/?>/s.exec(text);
    if (!element) throw new PlexPreferencesError("Preferences.xml has no <Preferences> element");
    const attributes = new Map<string, string>();
    for (const match of element[1]!.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
      attributes.set(match[1]!, unescapeAttribute(match[2]!));
    }
    return new PlexPreferences(attributes);
  }

  /** A new file with fresh identifiers, for a server that never ran. */
  static create(): PlexPreferences {
    return new PlexPreferences(new Map()).withIdentifiers();
  }

  get machineIdentifier(): string | undefined {
    return this.attributes.get("ProcessedMachineIdentifier") || undefined;
  }

  /** The server's own token: present once claimed. */
  get onlineToken(): string | undefined {
    return this.attributes.get("PlexOnlineToken") || undefined;
  }

  get claimed(): boolean {
    return this.onlineToken !== undefined;
  }

  /** MachineIdentifier and ProcessedMachineIdentifier filled in where missing (this, if nothing was). */
  withIdentifiers(): PlexPreferences {
    const machine = this.attributes.get("MachineIdentifier") || randomUUID();
    const processed = processedMachineIdentifier(machine);
    if (this.attributes.get("MachineIdentifier") === machine && this.machineIdentifier === processed)
      return this;
    return this.#with({ MachineIdentifier: machine, ProcessedMachineIdentifier: processed });
  }

  withOnlineToken(token: string): PlexPreferences {
    if (!/^[\x21-\x7e]{8,200}$/.test(token) || /[<>&"]/.test(token)) {
      throw new PlexPreferencesError("the server token from plex.tv is not a token");
    }
    return this.#with({ PlexOnlineToken: token });
  }

  toString(): string {
    let attributes = "";
    for (const [name, value] of this.attributes) attributes += ` ${name}="${escapeAttribute(value)}"`;
    return `<?xml version="1.0" encoding="utf-8"?>\n<Preferences${attributes}/>\n`;
  }

  #with(changes: Readonly<Record<string, string>>): PlexPreferences {
    const attributes = new Map(this.attributes);
    for (const [name, value] of Object.entries(changes)) attributes.set(name, value);
    return new PlexPreferences(attributes);
  }
}
