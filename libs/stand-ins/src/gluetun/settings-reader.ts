import { readFileSync } from "node:fs";
import { join } from "node:path";

// Gluetun (≥ v3.39, gosettings v0.4) reads each setting FOO_BAR from, in priority order: the file
// named by FOO_BAR_SECRETFILE, else /run/secrets/foo_bar, else the environment variable FOO_BAR.
// A file is read whole with one trailing \n or \r\n stripped; a missing file or an empty value
// means "not set". (Gluetun's /gluetun/<key> "files" source is not read: nothing here writes it.)

export const DEFAULT_SECRETS_DIR = "/run/secrets";

export interface SettingsReaderOptions {
  env: NodeJS.ProcessEnv;
  /** Gluetun's fixed /run/secrets; a parameter only for in-process tests. */
  secretsDir?: string;
}

export type SettingsReader = (name: string) => string | undefined;

/** A file's content without one trailing newline; undefined when it does not exist. */
function readSecretFile(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (text.endsWith("\r\n")) return text.slice(0, -2);
  if (text.endsWith("\n")) return text.slice(0, -1);
  return text;
}

const setOrUndefined = (value: string | undefined) =>
  value === undefined || value === "" ? undefined : value;

/** Reads settings Gluetun's way: secret file, then /run/secrets/<lower-cased name>, then the env. */
export function settingsReader(options: SettingsReaderOptions): SettingsReader {
  const secretsDir = options.secretsDir ?? DEFAULT_SECRETS_DIR;
  return (name) => {
    const namedFile = setOrUndefined(options.env[`${name}_SECRETFILE`]);
    const fromFile = readSecretFile(namedFile ?? join(secretsDir, name.toLowerCase()));
    return setOrUndefined(fromFile) ?? setOrUndefined(options.env[name]);
  };
}
