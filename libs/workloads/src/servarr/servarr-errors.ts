import { type UnreachableReason, unreachableMessage } from "../http/network-error";
import type { ServarrApp } from "./servarr-app";

// Typed failures of a Servarr API call. A message names the app, the method and the path (never
// the query or the host's credentials) and never holds a key: the caller's key and every secret
// the request carried are scrubbed from the app's error body before it is kept.

/** What a failed call was. */
export interface ServarrRequestInfo {
  app: ServarrApp;
  method: string;
  /** The path below the app's base URL, without the query. */
  path: string;
}

export abstract class ServarrError extends Error {
  readonly app: ServarrApp;
  readonly method: string;
  readonly path: string;

  constructor(request: ServarrRequestInfo, message: string, options?: ErrorOptions) {
    super(`${request.app} ${request.method} ${request.path}: ${message}`, options);
    this.app = request.app;
    this.method = request.method;
    this.path = request.path;
  }
}

/** 401: the app refused the API key (missing, wrong, or rotated away). */
export class ServarrAuthError extends ServarrError {
  readonly status = 401;

  constructor(request: ServarrRequestInfo) {
    super(request, "HTTP 401: the API key was refused");
    this.name = "ServarrAuthError";
  }
}

/** One entry of the 400 array the apps answer a failed validation or connection test with. */
export interface ServarrValidationFailure {
  propertyName?: string;
  errorMessage: string;
  severity?: string;
  isWarning?: boolean;
  infoLink?: string;
  detailedDescription?: string;
}

/** Any other non-2xx answer, with the app's error body (secrets removed). */
export class ServarrHttpError extends ServarrError {
  /** The validation failures when the app answered 400 with its array of them. */
  readonly failures: readonly ServarrValidationFailure[];

  constructor(
    request: ServarrRequestInfo,
    readonly status: number,
    /** The parsed JSON body, or its text; scrubbed of secrets. */
    readonly body: unknown,
  ) {
    const failures = validationFailures(body);
    super(request, `HTTP ${status}${describeBody(body, failures)}`);
    this.name = "ServarrHttpError";
    this.failures = failures;
  }
}

/** No answer: connection refused or reset, unknown host, or no answer within the timeout. */
export class ServarrUnreachableError extends ServarrError {
  constructor(
    request: ServarrRequestInfo,
    readonly reason: UnreachableReason,
    /** The system error code (ECONNREFUSED …) when there is one. */
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(request, unreachableMessage(reason, code), options);
    this.name = "ServarrUnreachableError";
  }
}

/** A 2xx answer whose body is not what the API documents. */
export class ServarrResponseError extends ServarrError {
  constructor(request: ServarrRequestInfo, problem: string) {
    super(request, `unexpected response: ${problem}`);
    this.name = "ServarrResponseError";
  }
}

function validationFailures(body: unknown): ServarrValidationFailure[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((entry): ServarrValidationFailure[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const record = entry as Record<string, unknown>;
    if (typeof record.errorMessage !== "string") return [];
    const failure: ServarrValidationFailure = { errorMessage: record.errorMessage };
    for (const key of ["propertyName", "severity", "infoLink", "detailedDescription"] as const) {
      const value = record[key];
      if (typeof value === "string") failure[key] = value;
    }
    if (typeof record.isWarning === "boolean") failure.isWarning = record.isWarning;
    return [failure];
  });
}

const MAX_DETAIL = 300;

function describeBody(body: unknown, failures: readonly ServarrValidationFailure[]): string {
  let detail = "";
  if (failures.length > 0) {
    detail = failures
      .map((f) => (f.propertyName ? `${f.propertyName}: ${f.errorMessage}` : f.errorMessage))
      .join("; ");
  } else if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const { message, description } = body as Record<string, unknown>;
    detail = [message, description].filter((part) => typeof part === "string" && part).join(": ");
  } else if (typeof body === "string") {
    detail = body.trim();
  }
  if (detail.length > MAX_DETAIL) detail = `${detail.slice(0, MAX_DETAIL)}…`;
  return detail ? `: ${detail}` : "";
}

const SECRET_NAME = /password|apikey|api_key|secret|token|passkey/i;
// Echoes of submitted values in a validation failure: they may be a password.
const ECHO_KEYS = new Set(["attemptedValue", "formattedMessagePlaceholderValues"]);
const MIN_SECRET_LENGTH = 4;
const REDACTED = "***";

/** The secret strings in a request body: values of secret-named properties and provider fields. */
export function secretsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) secretsIn(item, found);
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const fieldName = typeof record.name === "string" ? record.name : "";
    const privacy = typeof record.privacy === "string" ? record.privacy : "";
    if (
      (SECRET_NAME.test(fieldName) || privacy === "password" || privacy === "apiKey") &&
      "value" in record
    ) {
      if (typeof record.value === "string") found.add(record.value);
    }
    for (const [key, item] of Object.entries(record)) {
      if (SECRET_NAME.test(key) && typeof item === "string") found.add(item);
      else secretsIn(item, found);
    }
  }
  return found;
}

/** A copy of an error body without echoed values and with every known secret replaced. */
export function scrubSecrets(value: unknown, secrets: ReadonlySet<string>): unknown {
  const strong = [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  const scrubString = (text: string): string =>
    strong.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return scrubString(item);
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item === "object" && item !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(item)) {
        if (ECHO_KEYS.has(key)) continue;
        out[key] = SECRET_NAME.test(key) && typeof inner === "string" && inner ? REDACTED : walk(inner);
      }
      // A provider field echoed back: `{ name: "password", value: "..." }`.
      if (
        typeof out.name === "string" &&
        SECRET_NAME.test(out.name) &&
        typeof out.value === "string" &&
        out.value
      ) {
        out.value = REDACTED;
      }
      return out;
    }
    return item;
  };
  return walk(value);
}
