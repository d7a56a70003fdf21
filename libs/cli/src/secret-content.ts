// A user secret's content from the command line, as `juju add-secret` takes it: `key=value`,
// `key#base64=<base64>`, `key#file=<path>`, and `key=-` (the value from standard input, so it is
// never in argv, where every user of the machine can read it). Values travel base64 per key.
import { readFileSync } from "node:fs";
import { CliError } from "./errors";

const KEY = /^[a-z](?:-?[a-z0-9]){2,}$/;

export interface ContentSources {
  readFile: (path: string) => Buffer;
  readStdin: () => Buffer;
}

const defaultSources: ContentSources = {
  readFile: (path) => readFileSync(path),
  readStdin: () => readFileSync(0),
};

/** Parse `key=value…` into `{key: base64}`. */
export function parseSecretContent(
  pairs: readonly string[],
  sources: ContentSources = defaultSources,
): Record<string, string> {
  if (pairs.length === 0) throw new CliError("a secret needs at least one key=value (or key#file=path)");
  const data: Record<string, string> = {};
  let stdinUsed = false;
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new CliError(`${JSON.stringify(pair.split("=")[0])} is not key=value (or key#file=path)`);
    const [key, kind = ""] = pair.slice(0, eq).split("#");
    const raw = pair.slice(eq + 1);
    if (!key || !KEY.test(key))
      throw new CliError(
        `secret key ${JSON.stringify(key)} is not valid: lowercase letters, digits and single dashes, 3+ characters, starting with a letter`,
      );
    if (key in data) throw new CliError(`secret key ${key} given twice`);
    let value: Buffer;
    if (kind === "file") {
      try {
        value = sources.readFile(raw);
      } catch (err) {
        throw new CliError(`cannot read ${key}'s file ${raw}: ${(err as Error).message}`);
      }
    } else if (kind === "base64") {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) throw new CliError(`${key}#base64 is not base64`);
      data[key] = raw;
      continue;
    } else if (kind !== "") throw new CliError(`${key}#${kind}: only #file and #base64 are known`);
    else if (raw === "-") {
      if (stdinUsed) throw new CliError("only one key can be read from standard input (key=-)");
      stdinUsed = true;
      value = sources.readStdin();
      // A value piped or typed ends with a newline that is not part of it.
      if (value.at(-1) === 0x0a) value = value.subarray(0, value.at(-2) === 0x0d ? -2 : -1);
    } else value = Buffer.from(raw, "utf8");
    if (value.length === 0) throw new CliError(`secret key ${key} has an empty value`);
    data[key] = value.toString("base64");
  }
  return data;
}
