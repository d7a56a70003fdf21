// What a failed fetch means for a client of an app's HTTP API: no answer in time, or no
// connection at all (refused, reset, unknown host), and the system error code behind it.

export type UnreachableReason = "timeout" | "connection";

/** The code of a connection the app refused: the request never reached it. */
export const CONNECTION_REFUSED = "ECONNREFUSED";

/** Why a fetch threw, or undefined when it is no network failure (a bug, a bad argument). */
export function unreachableReason(error: unknown): UnreachableReason | undefined {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "timeout";
  }
  if (error instanceof TypeError && error.cause !== undefined) return "connection";
  return undefined;
}

/**
 * The system error code behind a failed fetch. undici puts it in `cause`; with several addresses
 * for a host (happy eyeballs) the cause is an AggregateError whose code may sit on the aggregate
 * only, and whose first error may be another address's failure (an unusable IPv6 route) while
 * the app's own address refused: a refusal anywhere wins, since then no attempt reached the app.
 */
export function networkErrorCode(error: unknown): string | undefined {
  const codes: string[] = [];
  collectCodes(error instanceof Error ? error.cause : undefined, codes, 0);
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
