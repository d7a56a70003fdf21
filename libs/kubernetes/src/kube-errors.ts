/**
 * The errors a Kubernetes call ends in. The API server answers every failure with a Status
 * object (`kind: Status`); only a body served as `application/json` is taken for one (as
 * lightkube does), so a proxy's HTML error page never masquerades as the API's verdict.
 */

/** `details` of a Status: what the error is about (`causes` on 422). */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
}

/** A Status object the API server returned for a failed call. */
export class KubeApiError extends Error {
  override readonly name = "KubeApiError";
  constructor(
    /** HTTP code: 401, 403, 404, 409, 422, 429, 5xx... */
    readonly code: number,
    /** Forbidden, NotFound, AlreadyExists, Conflict, Invalid... (`""` when the Status had none). */
    readonly reason: string,
    message: string,
    readonly details: StatusDetails | undefined,
  ) {
    super(message);
  }
}

/** No Status to read: the network failed, the call timed out, or the answer was not the API's JSON. */
export class KubeRequestError extends Error {
  override readonly name = "KubeRequestError";
  constructor(
    readonly kind: "network" | "timeout" | "http",
    message: string,
    /** The HTTP status of an `http` failure. */
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** RBAC refused the call: the application is not trusted (`juju trust <app> --scope=cluster`). */
export function isForbidden(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.code === 403;
}

export function isNotFound(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.code === 404;
}

/** Longest Status message kept: it ends up in logs and status messages. */
const MAX_MESSAGE = 1024;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value.slice(0, MAX_MESSAGE) : undefined;
}

/** The KubeApiError of a failed call's JSON body, or undefined when the body is no Status. */
export function statusError(httpStatus: number, body: unknown): KubeApiError | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const status = body as Record<string, unknown>;
  if (status.kind !== "Status") return undefined;
  const code = typeof status.code === "number" ? status.code : httpStatus;
  const details =
    typeof status.details === "object" && status.details !== null
      ? (status.details as StatusDetails)
      : undefined;
  return new KubeApiError(
    code,
    str(status.reason) ?? "",
    str(status.message) ?? `HTTP ${httpStatus}`,
    details,
  );
}
