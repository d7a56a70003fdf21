import { parseSecretUri } from "../model/secret-uri";
import { UsageError } from "./errors";
import type { ParsedArgs } from "./flags";
import { goQuote } from "./go-quote";

/**
 * `<ID>` and/or `--label`, as secret-get and secret-info-get take them: the first positional
 * argument, if any, must be a secret URI; one of the two is required. The other positional
 * arguments are returned for the tool to read.
 */
export function secretRefArgs(parsed: ParsedArgs): {
  xid: string | undefined;
  label: string;
  rest: string[];
} {
  const rest = [...parsed.args];
  let xid: string | undefined;
  const first = rest.shift();
  if (first !== undefined) {
    xid = parseSecretUri(first)?.xid;
    if (!xid) throw new UsageError(`secret URI ${goQuote(first)} not valid`);
  }
  const label = parsed.string("label");
  if (xid === undefined && label === "") throw new UsageError("require either a secret URI or label");
  return { xid, label, rest };
}
