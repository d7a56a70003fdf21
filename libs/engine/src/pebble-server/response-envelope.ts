import type { ServerResponse } from "node:http";

/** Error kinds Pebble puts in `result.kind` (A.1). */
export type ErrorKind =
  | "login-required"
  | "no-default-services"
  | "not-found"
  | "permission-denied"
  | "generic-file-error"
  | "system-restart"
  | "daemon-restart";

export interface ErrorResult {
  message: string;
  kind?: ErrorKind;
  value?: unknown;
}

// Go's http.StatusText for the codes Pebble uses.
const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  202: "Accepted",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
  502: "Bad Gateway",
  504: "Gateway Timeout",
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? "";
}

/** A JSON envelope response; `result` and `change` are omitted when undefined, as Go's omitempty does. */
export interface JsonResponse {
  readonly kind: "json";
  readonly type: "sync" | "async" | "error";
  readonly statusCode: number;
  readonly change?: string;
  readonly result?: unknown;
}

/** A response that writes itself (multipart file reads, ndjson logs). */
export interface RawResponse {
  readonly kind: "raw";
  write(res: ServerResponse): Promise<void>;
}

export type ApiResponse = JsonResponse | RawResponse;

export function syncResponse(result: unknown, statusCode = 200): JsonResponse {
  return { kind: "json", type: "sync", statusCode, result };
}

export function asyncResponse(changeId: string, result?: Record<string, unknown>): JsonResponse {
  return { kind: "json", type: "async", statusCode: 202, change: changeId, result };
}

export function errorResponse(statusCode: number, error: ErrorResult): JsonResponse {
  const result: ErrorResult = { message: error.message };
  const kind = error.kind ?? (statusCode === 401 ? "login-required" : undefined);
  if (kind) result.kind = kind;
  if (error.value !== undefined) result.value = error.value;
  return { kind: "json", type: "error", statusCode, result };
}

/** Thrown by handlers to answer with an error envelope. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly kind?: ErrorKind,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toResponse(): JsonResponse {
    return errorResponse(this.statusCode, { message: this.message, kind: this.kind });
  }
}

export const badRequest = (message: string, kind?: ErrorKind) => new ApiError(400, message, kind);
export const forbidden = (message: string) => new ApiError(403, message);
export const notFound = (message: string) => new ApiError(404, message);
export const methodNotAllowed = (method: string) =>
  new ApiError(405, `method ${JSON.stringify(method)} not allowed`);
export const serverError = (message: string) => new ApiError(500, message);
export const gatewayTimeout = (message: string) => new ApiError(504, message);

/** The envelope body in Pebble's field order (`respJSON`). */
export function envelopeBody(response: JsonResponse): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: response.type,
    "status-code": response.statusCode,
    status: statusText(response.statusCode),
  };
  if (response.change !== undefined) body.change = response.change;
  if (response.result !== undefined) body.result = response.result;
  return body;
}

export function writeJsonResponse(res: ServerResponse, response: JsonResponse): void {
  const payload = Buffer.from(JSON.stringify(envelopeBody(response)));
  res.writeHead(response.statusCode, {
    "Content-Type": "application/json",
    "Content-Length": payload.length,
  });
  res.end(payload);
}
