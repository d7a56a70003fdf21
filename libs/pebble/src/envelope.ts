/**
 * Pebble's JSON response envelope (spec A.1):
 * `{type: sync|async|error, status-code, status, change?, result?}`.
 *
 * Any non-2xx status is a PebbleApiError, whatever the body (as ops does); a 2xx with a
 * non-JSON content type or an unreadable body is a PebbleProtocolError.
 */
import { PebbleApiError, PebbleProtocolError } from "./pebble-errors";
import type { PebbleRequest, PebbleTransport, RawResponse } from "./unix-socket-transport";
import { isWireObject, WireReader } from "./wire-reader";

export type EnvelopeType = "sync" | "async" | "error";

export interface Envelope {
  type: EnvelopeType;
  statusCode: number;
  status: string;
  /** The change id of an async response. */
  change?: string;
  result: unknown;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function ensureContentType(response: RawResponse, expected: string): void {
  const actual = mediaType(response.headers["content-type"]);
  if (actual !== expected) {
    throw new PebbleProtocolError(
      `expected Content-Type "${expected}", got "${response.headers["content-type"] ?? ""}"`,
    );
  }
}

function isSuccess(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

function tryParseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

function parseJson(body: Buffer): unknown {
  const value = tryParseJson(body);
  // The body itself stays out of the message: it may echo file content.
  if (value === undefined)
    throw new PebbleProtocolError(`response body is not valid JSON (${body.length} bytes)`);
  return value;
}

/** Turn an already-parsed envelope object into an Envelope, throwing on an error envelope. */
export function readEnvelope(value: unknown, httpStatus: number, httpStatusText: string): Envelope {
  const envelope = new WireReader(value, "response");
  const type = envelope.oneOf("type", ["sync", "async", "error"] as const);
  const statusCode = envelope.optionalNumber("status-code") ?? httpStatus;
  const status = envelope.optionalString("status") ?? httpStatusText;
  if (type === "error" || !isSuccess(httpStatus)) {
    throw apiErrorFrom(envelope.raw("result"), statusCode, status);
  }
  return {
    type,
    statusCode,
    status,
    change: envelope.optionalString("change"),
    result: envelope.raw("result"),
  };
}

/** Never throws: whatever the error body holds, the caller gets a PebbleApiError. */
function apiErrorFrom(result: unknown, statusCode: number, status: string): PebbleApiError {
  const fields = isWireObject(result) ? result : {};
  const message =
    typeof fields.message === "string"
      ? fields.message
      : `HTTP ${statusCode} ${status} with a body that is not a Pebble error envelope`;
  const kind = typeof fields.kind === "string" && fields.kind !== "" ? fields.kind : undefined;
  return new PebbleApiError(statusCode, status, message, kind, fields.value);
}

/** Decode a response that should carry a JSON envelope. */
export function decodeEnvelope(response: RawResponse): Envelope {
  if (!isSuccess(response.statusCode)) {
    const body = tryParseJson(response.body);
    const envelope = isWireObject(body) ? body : {};
    const status = typeof envelope.status === "string" ? envelope.status : response.statusMessage;
    throw apiErrorFrom(envelope.result, response.statusCode, status);
  }
  ensureContentType(response, "application/json");
  return readEnvelope(parseJson(response.body), response.statusCode, response.statusMessage);
}

export interface JsonRequest {
  query?: PebbleRequest["query"];
  /** Serialised as JSON; its presence makes the Content-Type `application/json`. */
  body?: unknown;
  timeoutMs?: number;
}

/** One JSON request/response round trip. */
export async function requestJson(
  transport: PebbleTransport,
  method: PebbleRequest["method"],
  path: string,
  options: JsonRequest = {},
): Promise<Envelope> {
  const hasBody = options.body !== undefined;
  const response = await transport.request({
    method,
    path,
    query: options.query,
    headers: hasBody ? { "Content-Type": "application/json" } : {},
    body: hasBody ? JSON.stringify(options.body) : undefined,
    timeoutMs: options.timeoutMs,
  });
  return decodeEnvelope(response);
}

/** A sync request's `result`. */
export async function requestSync(
  transport: PebbleTransport,
  method: PebbleRequest["method"],
  path: string,
  options: JsonRequest = {},
): Promise<unknown> {
  const envelope = await requestJson(transport, method, path, options);
  if (envelope.type !== "sync") {
    throw new PebbleProtocolError(`${method} ${path}: expected a sync response, got ${envelope.type}`);
  }
  return envelope.result;
}

/** An async request's change id, and its `result` (exec sends one, service actions don't). */
export async function requestAsync(
  transport: PebbleTransport,
  method: PebbleRequest["method"],
  path: string,
  options: JsonRequest = {},
): Promise<{ changeId: string; result: unknown }> {
  const envelope = await requestJson(transport, method, path, options);
  if (envelope.type !== "async" || envelope.change === undefined) {
    throw new PebbleProtocolError(`${method} ${path}: expected an async response with a change id`);
  }
  return { changeId: envelope.change, result: envelope.result };
}
