// The command line: `charmarr <command> [args...] [options]`, options anywhere, `--opt value` or
// `--opt=value`, `--` ends the options.
import { CliError } from "./errors";

export const COMMANDS = [
  "up",
  "status",
  "secrets",
  "rotate",
  "config",
  "deploy",
  "integrate",
  "remove-relation",
  "add-secret",
  "grant-secret",
  "update-secret",
  "down",
  "destroy",
  "help",
] as const;
export type Command = (typeof COMMANDS)[number];

/** Options taking a value; the repeatable ones collect every occurrence. */
const VALUE_OPTIONS = new Set([
  "home",
  "controller",
  "model",
  "user",
  "password-file",
  "ca-cert",
  "timeout",
  "format",
  "resource",
  "config",
  "reset",
  "bundle",
]);
const REPEATABLE = new Set(["resource", "config", "reset"]);
const FLAGS = new Set(["trust", "watch", "reveal", "yes", "help"]);

export interface GlobalOptions {
  home?: string;
  controller?: string;
  model?: string;
  user?: string;
  passwordFile?: string;
  caCert?: string;
  /** Milliseconds for each API call. */
  timeoutMs: number;
}

export interface ParsedArgs {
  command: Command;
  positionals: string[];
  globals: GlobalOptions;
  /** Single-valued options other than the globals (format, bundle). */
  values: Record<string, string>;
  /** Repeatable options (resource, config, reset). */
  lists: Record<string, string[]>;
  flags: Set<string>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Parse a duration: "30" or "30s" (seconds), "500ms", "2m". */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m)
    throw new CliError(`--timeout ${JSON.stringify(text)} is not a duration: use e.g. 30s, 500ms or 2m`);
  const n = Number(m[1]);
  const ms = m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000;
  if (ms <= 0) throw new CliError("--timeout must be more than zero");
  return ms;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const flags = new Set<string>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !arg.startsWith("--") || arg === "-") {
      if (arg === "-h" && !onlyPositionals) flags.add("help");
      else positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (FLAGS.has(name)) {
      if (eq !== -1) throw new CliError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new CliError(`unknown option --${name}: see charmarr help`);
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new CliError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (REPEATABLE.has(name)) lists[name] = [...(lists[name] ?? []), value];
    else if (name in values) throw new CliError(`--${name} given twice`);
    else values[name] = value;
  }
  const first = positionals.shift();
  let command: Command;
  if (first === undefined) command = "help";
  else if ((COMMANDS as readonly string[]).includes(first)) command = first as Command;
  else throw new CliError(`unknown command ${JSON.stringify(first)}: see charmarr help`);
  if (values.format !== undefined && !["table", "json"].includes(values.format))
    throw new CliError(`--format ${values.format} is not known: use table or json`);
  const globals: GlobalOptions = {
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(values.timeout),
  };
  const take = (key: string) => {
    const v = values[key];
    delete values[key];
    return v;
  };
  const home = take("home");
  const controller = take("controller");
  const model = take("model");
  const user = take("user");
  const passwordFile = take("password-file");
  const caCert = take("ca-cert");
  take("timeout");
  if (home !== undefined) globals.home = home;
  if (controller !== undefined) globals.controller = controller;
  if (model !== undefined) globals.model = model;
  if (user !== undefined) globals.user = user;
  if (passwordFile !== undefined) globals.passwordFile = passwordFile;
  if (caCert !== undefined) globals.caCert = caCert;
  if (controller !== undefined && !/^wss?:\/\//.test(controller))
    throw new CliError(`--controller ${controller} is not a URL: use wss://host:17070`);
  if (controller === undefined && (model !== undefined || caCert !== undefined || passwordFile !== undefined))
    throw new CliError("--model, --password-file and --ca-cert go with --controller wss://host:17070");
  return { command, positionals, globals, values, lists, flags };
}

/** `key=value` pairs (config, --config) into an object; the first `=` splits. */
export function parseKeyValues(pairs: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CliError(`${what} ${JSON.stringify(pair)} is not key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** Exactly `n` positionals, or a one-line usage error. */
export function expectPositionals(args: ParsedArgs, min: number, max: number, usage: string): string[] {
  const n = args.positionals.length;
  if (n < min || n > max) throw new CliError(`usage: charmarr ${usage}`);
  return args.positionals;
}
