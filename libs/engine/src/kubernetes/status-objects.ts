// Kubernetes' Status objects: the body of every non-2xx answer (apimachinery api/errors), so a
// client that parses `kind: Status` (lightkube's ApiError, client-go's StatusError) sees what it
// would see from a real API server.

/** A resource type as errors name it: `plural` or `plural.group`, and its Kind. */
export interface ResourceType {
  readonly plural: string;
  /** "" for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export const STATEFUL_SETS: ResourceType = {
  plural: "statefulsets",
  group: "apps",
  kind: "StatefulSet",
  namespaced: true,
};
export const CLAIMS: ResourceType = {
  plural: "persistentvolumeclaims",
  group: "",
  kind: "PersistentVolumeClaim",
  namespaced: true,
};
export const VOLUMES: ResourceType = {
  plural: "persistentvolumes",
  group: "",
  kind: "PersistentVolume",
  namespaced: false,
};
export const STORAGE_CLASSES: ResourceType = {
  plural: "storageclasses",
  group: "storage.k8s.io",
  kind: "StorageClass",
  namespaced: false,
};
export const PODS: ResourceType = { plural: "pods", group: "", kind: "Pod", namespaced: true };
export const NAMESPACES: ResourceType = {
  plural: "namespaces",
  group: "",
  kind: "Namespace",
  namespaced: false,
};

/** One field error of a 422 (`details.causes[]`). */
export interface StatusCause {
  /** The field error type: FieldValueRequired, FieldValueNotFound, FieldValueInvalid, ... */
  reason: string;
  message: string;
  field: string;
}

export interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** An API answer other than success: thrown by the handlers, written by the server. */
export class KubeApiError extends Error {
  constructor(
    readonly status: KubeStatus,
    /** Extra response headers (Retry-After on 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(status.message ?? status.reason ?? String(status.code));
    this.name = "KubeApiError";
  }

  get code(): number {
    return this.status.code;
  }
}

export const qualifiedResource = (type: ResourceType): string =>
  type.group ? `${type.plural}.${type.group}` : type.plural;

const qualifiedKind = (type: ResourceType): string => (type.group ? `${type.kind}.${type.group}` : type.kind);

function failure(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus["details"],
): KubeApiError {
  return new KubeApiError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

const details = (type: ResourceType, name: string | undefined, kind = type.plural) => ({
  ...(name === undefined ? {} : { name }),
  ...(type.group ? { group: type.group } : {}),
  kind,
});

/** 401: no bearer token, or one the server does not know. */
export const unauthorized = (): KubeApiError => failure(401, "Unauthorized", "Unauthorized");

/** 403 from RBAC, in the authorizer's words (`... cannot patch resource "statefulsets" in API group "apps" ...`). */
export function forbidden(
  type: ResourceType,
  name: string | undefined,
  user: string,
  verb: string,
  namespace: string | undefined,
  subresource?: string,
): KubeApiError {
  const subject = name === undefined ? qualifiedResource(type) : `${qualifiedResource(type)} "${name}"`;
  const resource = subresource ? `${type.plural}/${subresource}` : type.plural;
  const scope = namespace === undefined ? "at the cluster scope" : `in the namespace "${namespace}"`;
  return failure(
    403,
    "Forbidden",
    `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${type.group}" ${scope}`,
    details(type, name),
  );
}

/** 403 from an admission plugin: its own words after the object. */
export const forbiddenByAdmission = (type: ResourceType, name: string, reason: string): KubeApiError =>
  failure(
    403,
    "Forbidden",
    `${qualifiedResource(type)} "${name}" is forbidden: ${reason}`,
    details(type, name),
  );

export const notFound = (type: ResourceType, name: string): KubeApiError =>
  failure(404, "NotFound", `${qualifiedResource(type)} "${name}" not found`, details(type, name));

export const alreadyExists = (type: ResourceType, name: string): KubeApiError =>
  failure(409, "AlreadyExists", `${qualifiedResource(type)} "${name}" already exists`, details(type, name));

/** 409 for a stale `metadata.resourceVersion`. */
export const conflict = (type: ResourceType, name: string): KubeApiError =>
  failure(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(type, name),
  );

/** 422: `<Kind.group> "<name>" is invalid: <field>: <error>` (several errors in brackets, as Kubernetes joins them). */
export function invalid(type: ResourceType, name: string, causes: readonly StatusCause[]): KubeApiError {
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const joined = parts.length === 1 ? (parts[0] ?? "") : `[${parts.join(", ")}]`;
  return failure(422, "Invalid", `${qualifiedKind(type)} "${name}" is invalid: ${joined}`, {
    ...details(type, name, type.kind),
    causes: [...causes],
  });
}

/** Field errors, worded as apimachinery's field.Error types print themselves. */
export const fieldError = {
  required: (field: string, detail = ""): StatusCause => ({
    reason: "FieldValueRequired",
    message: detail ? `Required value: ${detail}` : "Required value",
    field,
  }),
  notFound: (field: string, value: unknown): StatusCause => ({
    reason: "FieldValueNotFound",
    message: `Not found: ${JSON.stringify(value)}`,
    field,
  }),
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({
    reason: "FieldValueInvalid",
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
    field,
  }),
  duplicate: (field: string, value: unknown): StatusCause => ({
    reason: "FieldValueDuplicate",
    message: `Duplicate value: ${JSON.stringify(value)}`,
    field,
  }),
  forbidden: (field: string, detail: string): StatusCause => ({
    reason: "FieldValueForbidden",
    message: `Forbidden: ${detail}`,
    field,
  }),
  unsupported: (field: string, value: unknown, supported: readonly string[]): StatusCause => ({
    reason: "FieldValueNotSupported",
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => `"${s}"`).join(", ")}`,
    field,
  }),
};

/** The patch types this server takes (server-side apply is not among them). */
export const PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
] as const;

export const unsupportedMediaType = (contentType: string, accepted: readonly string[]): KubeApiError =>
  failure(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format (${contentType || "no content type"}) - accepted media types include: ${accepted.join(", ")}`,
  );

export const badRequest = (message: string): KubeApiError => failure(400, "BadRequest", message);

export const methodNotAllowed = (
  message = "the server does not allow this method on the requested resource",
): KubeApiError => failure(405, "MethodNotAllowed", message);

/** 404 for a path the server does not serve (not an object that is absent). */
export const pathNotFound = (): KubeApiError =>
  failure(404, "NotFound", "the server could not find the requested resource");

export const tooManyRequests = (): KubeApiError =>
  new KubeApiError(
    {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Too many requests, please try again later.",
      reason: "TooManyRequests",
      details: { retryAfterSeconds: 1 },
      code: 429,
    },
    { "Retry-After": "1" },
  );

export const internalError = (message: string): KubeApiError =>
  failure(500, "InternalError", `Internal error occurred: ${message}`, {
    causes: [{ reason: "UnexpectedServerResponse", message, field: "" }],
  });

export const serviceUnavailable = (message: string): KubeApiError =>
  failure(503, "ServiceUnavailable", message);

/** DELETE's answer for objects that go at once. */
export function deleted(type: ResourceType, name: string, uid: string): KubeStatus {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { ...details(type, name), uid },
    code: 200,
  };
}
