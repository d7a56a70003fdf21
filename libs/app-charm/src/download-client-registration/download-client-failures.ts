import {
  ServarrAuthError,
  ServarrError,
  ServarrHttpError,
  ServarrUnreachableError,
  type ServarrValidationFailure,
} from "@charmarr/workloads";

// Failures of the calls to the media manager's own API, as status reasons. The typed errors
// never carry a credential (the client scrubs what it sent from the app's answers).

const listFailures = (failures: readonly ServarrValidationFailure[]) =>
  failures.map((f) => (f.propertyName ? `${f.propertyName}: ${f.errorMessage}` : f.errorMessage)).join("; ");

/** Why a call to the app failed, or undefined for an error that is not the app's answer (a bug: rethrow). */
export function describeAppFailure(err: unknown, appName: string): string | undefined {
  if (err instanceof ServarrAuthError) return `${appName} refused the charm's API key`;
  if (err instanceof ServarrUnreachableError) {
    return `cannot reach ${appName} (${err.reason === "timeout" ? "no answer" : (err.code ?? "connection failed")})`;
  }
  if (err instanceof ServarrError) return `${appName} answered an error: ${err.message}`;
  return undefined;
}

/**
 * Why saving a download client failed. A 400 with failures is the app refusing the settings or
 * failing its live test of the downloader (unreachable, credentials refused, no category).
 */
export function describeSaveFailure(err: unknown, appName: string, downloader: string): string | undefined {
  if (err instanceof ServarrHttpError && err.failures.length > 0) {
    return `${appName} cannot use ${downloader} yet: ${listFailures(err.failures)}`;
  }
  return describeAppFailure(err, appName);
}

/**
 * Failures that do not stop the client from working once the downloader catches up: warnings,
 * and SABnzbd not having the manager's category yet (the downloader's charm creates it when it
 * sees this manager's data, maybe a hook later). Such a save is repeated with `forceSave`. A
 * connection or credential failure is never one of them: those come before the category check.
 */
export function isForgivable(err: unknown, categoryField: string): boolean {
  if (!(err instanceof ServarrHttpError) || err.status !== 400 || err.failures.length === 0) return false;
  return err.failures.every(
    (f) => f.isWarning === true || f.propertyName?.toLowerCase() === categoryField.toLowerCase(),
  );
}

export const isNotFound = (err: unknown) => err instanceof ServarrHttpError && err.status === 404;
