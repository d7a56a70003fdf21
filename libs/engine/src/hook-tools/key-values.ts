import { UsageError } from "./errors";
import { goQuote } from "./go-quote";

/** juju/utils keyvalues.Parse(args, allowEmptyValues=true): `key=value` pairs, no duplicates. */
export function parseKeyValues(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new UsageError(`expected "key=value", got ${goQuote(arg)}`);
    const key = arg.slice(0, eq);
    if (out.has(key)) throw new UsageError(`key ${goQuote(key)} specified more than once`);
    out.set(key, arg.slice(eq + 1));
  }
  return out;
}
