/**
 * TEST FIXTURE (never shipped to charms): writing Pebble's response envelopes exactly as
 * `internals/daemon/response.go` does (spec A.1), field order included.
 */
import { type ServerResponse, STATUS_CODES } from "node:http";

/** Thrown by fixture handlers; the router turns it into an error envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly kind?: string,
    readonly value?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, kind?: string) => new HttpError(400, message, kind);
export const notFound = (message: string, kind?: string) => new HttpError(404, message, kind);

function statusText(status: number): string {
  return STATUS_CODES[status] ?? "";
}

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function envelope(
  type: "sync" | "async" | "error",
  status: number,
  extra: { change?: string; result?: unknown },
): Record<string, unknown> {
  // `change` and `result` are omitempty in Go: absent keys, not nulls.
  const body: Record<string, unknown> = { type, "status-code": status, status: statusText(status) };
  if (extra.change !== undefined) body.change = extra.change;
  if (extra.result !== undefined) body.result = extra.result;
  return body;
}

export function sendSync(res: ServerResponse, result: unknown, status = 200): void {
  writeJson(res, status, envelope("sync", status, { result }));
}

export function sendAsync(res: ServerResponse, change: string, result?: unknown): void {
  writeJson(res, 202, envelope("async", 202, { change, result }));
}

export function errorBody(
  status: number,
  message: string,
  kind?: string,
  value?: unknown,
): Record<string, unknown> {
  const result: Record<string, unknown> = { message };
  if (kind) result.kind = kind;
  if (value !== undefined) result.value = value;
  return envelope("error", status, { result });
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  kind?: string,
  value?: unknown,
): void {
  writeJson(res, status, errorBody(status, message, kind, value));
}

/** Go's RFC3339Nano in UTC, e.g. `2025-01-02T03:04:05.123456789Z`. */
export function goTime(date: Date): string {
  return date.toISOString().replace(/Z$/, "456789Z");
}

/** Parse a Go duration (`4.000s`, `1m30s`, `500ms`) into ms. */
export function parseGoDuration(text: string): number {
  const units: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 1e-3,
    µs: 1e-3,
    ns: 1e-6,
  };
  const part = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    part.lastIndex = pos;
    const match = part.exec(text);
    if (!match) throw badRequest(`invalid duration "${text}"`);
    total += Number(match[1]) * (units[match[2] as string] as number);
    pos = part.lastIndex;
  }
  if (text === "") throw badRequest(`invalid duration ""`);
  return total;
}

/** Go's `%v` of a duration for the common cases: `1s`, `1.5s`, `500ms`, `2m0s`. */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${ms / 1000}s`;
  return `${Math.floor(ms / 60_000)}m${(ms % 60_000) / 1000}s`;
}
