// The apps' validation failures (FluentValidation, serialised camelCase with nulls left out):
// a 400 answer is an array of these.

export interface ValidationFailure {
  propertyName: string;
  errorMessage: string;
  severity: "error" | "warning";
  isWarning: boolean;
  infoLink?: string;
  detailedDescription?: string;
}

export function failure(
  propertyName: string,
  errorMessage: string,
  extra: { warning?: boolean; infoLink?: string; detailedDescription?: string } = {},
): ValidationFailure {
  const warning = extra.warning ?? false;
  return {
    propertyName,
    errorMessage,
    severity: warning ? "warning" : "error",
    isWarning: warning,
    ...(extra.infoLink ? { infoLink: extra.infoLink } : {}),
    ...(extra.detailedDescription ? { detailedDescription: extra.detailedDescription } : {}),
  };
}

/** What blocks a save: errors always, warnings too unless the caller forces it. */
export function blocking(failures: readonly ValidationFailure[], force: boolean): ValidationFailure[] {
  return failures.filter((f) => !force || !f.isWarning);
}
