import {
  ServarrAuthError,
  ServarrError,
  ServarrHttpError,
  ServarrUnreachableError,
} from "@charmarr/workloads";

/**
 * A failed call to another app, as a status message: what went wrong and what the charm waits
 * for. Messages come from the typed errors, which never carry a key.
 */
export function describeCallFailure(
  err: unknown,
  app: string,
  url: string,
  what = "the request",
): string | undefined {
  if (err instanceof ServarrAuthError) {
    return `${app} refused its own API key (is it rotating? waiting for its secret to change)`;
  }
  if (err instanceof ServarrUnreachableError) {
    return `cannot reach ${app} at ${url} (${err.reason === "timeout" ? "no answer" : (err.code ?? "connection failed")})`;
  }
  if (err instanceof ServarrHttpError && err.failures.length > 0) {
    const failures = err.failures
      .map((f) => (f.propertyName ? `${f.propertyName}: ${f.errorMessage}` : f.errorMessage))
      .join("; ");
    return `${app} refused ${what}: ${failures}`;
  }
  if (err instanceof ServarrError) return `${app} answered an error: ${err.message}`;
  return undefined;
}
