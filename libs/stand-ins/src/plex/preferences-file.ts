import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { unescapeXml, xmlAttributes } from "./xml-text";

// Preferences.xml (specs/app-apis.md §h): one self-closing <Preferences …/> element whose
// attributes are the server's settings. PMS reads it at start, makes its identifiers on the first
// start and writes the file back; the token it checks is PlexOnlineToken.

export const PREFERENCES_RELATIVE_PATH = join("Plex Media Server", "Preferences.xml");

export class InvalidPreferencesError extends Error {}

export function parsePreferences(text: string): Map<string, string> {
  const element = /<Preferences\b([^>]*?)\/?>/s.exec(text);
  if (!element) throw new InvalidPreferencesError("Preferences.xml has no <Preferences> element");
  const attributes = new Map<string, string>();
  for (const match of element[1]!.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
    attributes.set(match[1]!, unescapeXml(match[2]!));
  }
  return attributes;
}

export function renderPreferences(attributes: ReadonlyMap<string, string>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<Preferences${xmlAttributes(Object.fromEntries(attributes))}/>\n`;
}

/** ProcessedMachineIdentifier: SHA-1 of "<MachineIdentifier>- Plex Media Server", as PMS derives it. */
export function processedMachineIdentifier(machineIdentifier: string): string {
  return createHash("sha1").update(`${machineIdentifier}- Plex Media Server`).digest("hex");
}

/**
 * Reads the preferences under `appSupportDir`, adding the identifiers a first start makes, and
 * writes the file back when it changed (mode 0644 under the usual umask, as PMS leaves it; a file
 * the operator or a charm made keeps its own mode).
 */
export function loadPreferences(appSupportDir: string): Map<string, string> {
  const file = join(appSupportDir, PREFERENCES_RELATIVE_PATH);
  const existed = existsSync(file);
  const attributes = existed ? parsePreferences(readFileSync(file, "utf8")) : new Map<string, string>();
  let changed = !existed;
  if (!attributes.get("MachineIdentifier")) {
    attributes.set("MachineIdentifier", randomUUID());
    changed = true;
  }
  const processed = processedMachineIdentifier(attributes.get("MachineIdentifier")!);
  if (attributes.get("ProcessedMachineIdentifier") !== processed) {
    attributes.set("ProcessedMachineIdentifier", processed);
    changed = true;
  }
  if (!attributes.get("AnonymousMachineIdentifier")) {
    attributes.set("AnonymousMachineIdentifier", randomUUID());
    changed = true;
  }
  if (!attributes.has("FriendlyName")) attributes.set("FriendlyName", "");
  if (changed) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    // Rewrite in place when the file exists, so its owner and mode stay; a first start creates it.
    if (existed) writeFileSync(file, renderPreferences(attributes));
    else {
      const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
      writeFileSync(temp, renderPreferences(attributes), { mode: 0o644 });
      renameSync(temp, file);
    }
  }
  return attributes;
}
