// Every failure the operator sees is one line: what went wrong and what to do about it.

/** An error meant for the operator: its message is already the one line to print. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A call that got no answer in time. */
export class TimeoutError extends CliError {
  constructor(what: string, ms: number) {
    super(
      `${what} got no answer within ${Math.round(ms / 1000)} s: is the controller overloaded or stuck? ` +
        "Retry, or raise --timeout",
    );
    this.name = "TimeoutError";
  }
}

/** An error the controller returned for one call (or one item of a bulk call). */
export class ApiError extends CliError {
  constructor(
    readonly call: string,
    readonly apiMessage: string,
    readonly code = "",
  ) {
    super(`${call}: ${apiMessage}${hintFor(apiMessage)}`);
    this.name = "ApiError";
  }
}

/** What to do about the API errors an operator causes. */
function hintFor(message: string): string {
  if (/^(application|unit) "[^"]+" not found/.test(message))
    return " (charmarr status lists the apps and units)";
  if (/^secret .* not found/.test(message)) return " (charmarr secrets lists them)";
  return "";
}

/** True when an API error says its entity does not exist. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && (err.code === "not found" || /\bnot found\b/i.test(err.apiMessage));
}

/** True when an API error says the thing is already there. */
export function isAlreadyExists(err: unknown): boolean {
  return (
    err instanceof ApiError &&
    (err.code === "already exists" || /already exists|relation .* exists/i.test(err.apiMessage))
  );
}

/** One line for any error: no stack trace, no newline, no trailing spaces. */
export function formatError(err: unknown): string {
  let text: string;
  if (err instanceof CliError) text = err.message;
  else if (err instanceof Error) text = err.message || err.name;
  else text = String(err);
  const line = text.replace(/\s*\n\s*/g, " ").trim();
  return `ERROR ${line || "unknown error"}`;
}

/** The exit code for an error: the CliError's own, 1 otherwise. */
export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}
