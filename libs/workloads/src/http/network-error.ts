// What a failed exchange means for a client of an app's HTTP API: no answer in time, or no
// connection at all (refused, reset, unknown host), and the system error code behind it.

export type UnreachableReason = "timeout" | "connection";

/** The code of a connection the app refused: the request never reached it. */
export const CONNECTION_REFUSED = "ECONNREFUSED";

/** The app could not be reached or did not answer in time; what an HttpTransport throws then. */
export class HttpTransportError extends Error {
  override readonly name = "HttpTransportError";

  constructor(
    readonly reason: UnreachableReason,
    /** The system error code (ECONNREFUSED, ENOTFOUND...), when there is one. */
    readonly code: string | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Why an exchange threw, or undefined when it is no network failure (a bug, a bad argument). */
export function unreachableReason(error: unknown): UnreachableReason | undefined {
  return error instanceof HttpTransportError ? error.reason : undefined;
}

/** The system error code behind a failed exchange. */
export function networkErrorCode(error: unknown): string | undefined {
  return error instanceof HttpTransportError ? error.code : undefined;
}

/**
 * The system error code of a failed connection. With several addresses for a host (happy
 * eyeballs) Node's error is an AggregateError whose code is its first error's, which may be
 * another address's failure (an unusable IPv6 route) while the app's own address refused: a
 * refusal anywhere wins, since then no attempt reached the app.
 */
export function systemErrorCode(error: unknown): string | undefined {
  const codes: string[] = [];
  collectCodes(error, codes, 0);
  return codes.includes(CONNECTION_REFUSED) ? CONNECTION_REFUSED : codes[0];
}

const MAX_DEPTH = 4;

function collectCodes(value: unknown, codes: string[], depth: number): void {
  if (depth > MAX_DEPTH || typeof value !== "object" || value === null) return;
  const { code, errors, cause } = value as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === "string") codes.push(code);
  // Duck-typed rather than `instanceof AggregateError`: an error from another realm counts too.
  if (Array.isArray(errors)) for (const inner of errors) collectCodes(inner, codes, depth + 1);
  collectCodes(cause, codes, depth + 1);
}

/** The message of an unreachable-app error, after the request's own prefix. */
export function unreachableMessage(reason: UnreachableReason, code: string | undefined): string {
  return reason === "timeout"
    ? "no answer within the timeout"
    : `cannot connect (${code ?? "network error"})`;
}
