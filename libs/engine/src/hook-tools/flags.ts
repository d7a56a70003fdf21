import { HelpRequested, UsageError } from "./errors";
import { goQuote } from "./go-quote";

// GNU-style flag parsing exactly as juju/gnuflag does it for hook tools (interspersed):
// `-f`, `-fg` (grouped short flags), `--flag`, `--flag value`, `--flag=value`, `-f value`,
// `-fvalue`; bool flags take no argument unless written `--flag=value`; `--` ends flags.

export interface FlagDef {
  /** All spellings sharing one value, e.g. ["r", "relation"]; the first is the key. */
  names: readonly string[];
  bool?: boolean;
  /** Turns the argument into the stored value; throw an Error whose message explains why not. */
  parse?: (raw: string) => unknown;
}

export class ParsedArgs {
  constructor(
    readonly args: string[],
    private readonly values: ReadonlyMap<string, unknown>,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  string(name: string, fallback = ""): string {
    const value = this.values.get(name);
    return typeof value === "string" ? value : fallback;
  }

  bool(name: string): boolean {
    return this.values.get(name) === true;
  }
}

const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** strconv.ParseBool. */
export function parseGoBool(raw: string): boolean {
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new Error(`strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
}

/** strconv.ParseInt(raw, 0, 64) for the values a charm would pass. */
export function parseGoInt(raw: string): number {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9]\d*|0)$/.exec(raw);
  if (!m) throw new Error(`strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`);
  const body = m[2] ?? "0";
  let value: number;
  if (/^0[xX]/.test(body)) value = Number.parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) value = Number.parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) value = Number.parseInt(body.slice(2), 8);
  else if (body.length > 1 && body.startsWith("0")) value = Number.parseInt(body.slice(1), 8);
  else value = Number(body);
  return m[1] === "-" ? -value : value;
}

const withMinus = (name: string): string => ([...name].length > 1 ? `--${name}` : `-${name}`);

export function parseFlags(argv: readonly string[], defs: readonly FlagDef[]): ParsedArgs {
  const byName = new Map<string, FlagDef>();
  for (const def of defs) for (const name of def.names) byName.set(name, def);
  const values = new Map<string, unknown>();
  const args: string[] = [];
  let i = 0;
  let pending = ""; // rest of a short-flag group, or "=value" of a long flag

  const handle = (name: string, long: boolean) => {
    const def = byName.get(name);
    if (!def) {
      if (name === "help" || name === "h") throw new HelpRequested();
      throw new UsageError(`flag provided but not defined: ${withMinus(name)}`);
    }
    const key = def.names[0] ?? name;
    if (def.bool && !pending.startsWith("=")) {
      values.set(key, true);
      return;
    }
    let value: string;
    if (pending !== "") {
      value = long ? pending.slice(1) : pending;
      pending = "";
    } else if (i < argv.length) {
      value = argv[i++] ?? "";
    } else {
      throw new UsageError(`flag needs an argument: ${withMinus(name)}`);
    }
    try {
      values.set(key, def.bool ? parseGoBool(value) : def.parse ? def.parse(value) : value);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new UsageError(`invalid value ${goQuote(value)} for flag ${withMinus(name)}: ${reason}`);
    }
  };

  for (;;) {
    if (pending !== "" && !pending.startsWith("=")) {
      const [first = ""] = [...pending];
      pending = pending.slice(first.length);
      handle(first, false);
      continue;
    }
    if (i >= argv.length) break;
    const arg = argv[i] ?? "";
    if (arg === "-" || arg === "" || !arg.startsWith("-")) {
      args.push(arg);
      i++;
      continue;
    }
    if (arg === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    i++;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq < 0) {
        handle(arg.slice(2), true);
        continue;
      }
      const name = arg.slice(2, eq);
      if (name === "") throw new UsageError(`empty flag in argument ${goQuote(arg)}`);
      pending = arg.slice(eq);
      handle(name, true);
      continue;
    }
    const [first = ""] = [...arg.slice(1)];
    pending = arg.slice(1 + first.length);
    handle(first, false);
  }
  return new ParsedArgs(args, values);
}

/** cmd.CheckEmpty. */
export function checkEmpty(args: readonly string[]): void {
  if (args.length > 0) throw new UsageError(`unrecognized args: [${args.map(goQuote).join(" ")}]`);
}
