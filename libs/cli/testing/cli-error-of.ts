import { formatError } from "../src/errors";

/** The one line the CLI would print for what `fn` throws; throws itself when `fn` does not. */
export function cliErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return formatError(e);
  }
  throw new Error("no error");
}
