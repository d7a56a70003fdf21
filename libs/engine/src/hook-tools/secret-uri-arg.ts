import { parseSecretUri } from "../model/secret-uri";
import { UsageError } from "./errors";
import { goQuote } from "./go-quote";

/** The `<ID>` argument every secret tool takes, as an xid. */
export function secretIdArg(args: string[]): string {
  const text = args.shift();
  if (text === undefined) throw new UsageError("missing secret URI");
  const ref = parseSecretUri(text);
  if (!ref) throw new UsageError(`secret URI ${goQuote(text)} not valid`);
  return ref.xid;
}
