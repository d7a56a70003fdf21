// Errors with Juju's codes (rpc/params/apierror.go): the dispatcher turns them into the
// envelope's `error` / `error-code`, bulk methods into `{"error": {"message", "code"}}` items.

export type ErrorCode =
  | "not found"
  | "unauthorized access"
  | "already exists"
  | "not implemented"
  | "not supported"
  | "not valid"
  | "bad request"
  | "forbidden"
  | "stopped";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode | "",
  ) {
    super(message);
  }
}

/** The `{"message", "code"}` of a bulk result item; engine errors keep their text and get a code by it. */
export function errorItem(err: unknown): { message: string; code: string } {
  if (err instanceof ApiError) return { message: err.message, code: err.code };
  const message = err instanceof Error ? err.message : String(err);
  return { message, code: codeFor(message) };
}

/** Juju's code for an engine error's text. */
export function codeFor(message: string): string {
  if (/not found/.test(message)) return "not found";
  if (/already exists/.test(message)) return "already exists";
  return "not valid";
}
