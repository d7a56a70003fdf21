/**
 * multipart/form-data (RFC 7578 on RFC 2046 framing), just as much as Pebble's files API
 * needs: building a push request and reading a pull response. Bodies are raw bytes
 * throughout; nothing here decodes file contents as text.
 */
import { randomBytes } from "node:crypto";
import { PebbleProtocolError } from "./pebble-errors";

export interface MultipartPartInput {
  name: string;
  filename?: string;
  contentType: string;
  body: string | Uint8Array;
}

export interface MultipartPart {
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** From Content-Disposition. */
  name?: string;
  filename?: string;
  body: Buffer;
}

export interface HeaderValue {
  /** The part before the first `;`, lower-cased. */
  value: string;
  /** Parameter names lower-cased; quoted strings unquoted and unescaped. */
  params: Record<string, string>;
}

const CRLF = "\r\n";

/** Pebble rejects boundaries shorter than 32 characters; 32 hex digits, as ops sends. */
export function newBoundary(): string {
  return randomBytes(16).toString("hex");
}

export function multipartContentType(boundary: string): string {
  return `multipart/form-data; boundary="${boundary}"`;
}

/** A quoted-string as Go's mime/multipart writes and reads it. */
function quote(value: string): string {
  if (/[\r\n]/.test(value)) throw new TypeError("a multipart header value cannot contain a line break");
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Encode parts with a boundary that does not occur in any body. */
export function encodeMultipart(parts: readonly MultipartPartInput[]): { boundary: string; body: Buffer } {
  const bodies = parts.map((part) =>
    typeof part.body === "string" ? Buffer.from(part.body) : Buffer.from(part.body),
  );
  let boundary = newBoundary();
  while (bodies.some((body) => body.includes(boundary))) boundary = newBoundary();
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    const disposition = `form-data; name=${quote(part.name)}${part.filename === undefined ? "" : `; filename=${quote(part.filename)}`}`;
    const head = `--${boundary}${CRLF}Content-Type: ${part.contentType}${CRLF}Content-Disposition: ${disposition}${CRLF}${CRLF}`;
    chunks.push(Buffer.from(head), bodies[i] as Buffer, Buffer.from(CRLF));
  });
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return { boundary, body: Buffer.concat(chunks) };
}

/** Parse `type/subtype; key=value; key="quoted \"value\""`. */
export function parseHeaderValue(header: string): HeaderValue {
  const semicolon = header.indexOf(";");
  const value = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  let rest = semicolon < 0 ? "" : header.slice(semicolon + 1);
  const param = /^\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))\s*(?:;|$)/;
  while (rest.trim() !== "") {
    const match = param.exec(rest);
    if (!match) throw new PebbleProtocolError(`malformed header parameters in "${header}"`);
    const quoted = match[2];
    params[(match[1] as string).toLowerCase()] =
      quoted === undefined ? (match[3] ?? "") : quoted.replace(/\\(.)/g, "$1");
    rest = rest.slice(match[0].length);
  }
  return { value, params };
}

/** The boundary of a `multipart/form-data` Content-Type, or a protocol error. */
export function multipartBoundary(contentType: string | undefined): string {
  const parsed = parseHeaderValue(contentType ?? "");
  if (parsed.value !== "multipart/form-data") {
    throw new PebbleProtocolError(`expected Content-Type "multipart/form-data", got "${contentType ?? ""}"`);
  }
  const boundary = parsed.params.boundary;
  if (!boundary) throw new PebbleProtocolError("multipart response has no boundary");
  return boundary;
}

function parsePart(raw: Buffer): MultipartPart {
  // A part with no headers starts with the blank line itself.
  const split = raw.subarray(0, 2).toString() === CRLF ? 0 : raw.indexOf(`${CRLF}${CRLF}`);
  if (split < 0) throw new PebbleProtocolError("multipart part has no end of headers");
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, split).toString("utf8").split(CRLF)) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon < 0) throw new PebbleProtocolError("malformed multipart part header");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const disposition = headers["content-disposition"];
  const params = disposition ? parseHeaderValue(disposition).params : {};
  const bodyStart = split === 0 ? 2 : split + 4;
  return { headers, name: params.name, filename: params.filename, body: raw.subarray(bodyStart) };
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`${CRLF}--${boundary}`);
  // The first delimiter may open the body (no preceding CRLF); anything before it is preamble.
  let pos: number;
  if (body.subarray(0, dashBoundary.length).equals(dashBoundary)) {
    pos = dashBoundary.length;
  } else {
    const first = body.indexOf(delimiter);
    if (first < 0) throw new PebbleProtocolError("multipart body has no boundary delimiter");
    pos = first + delimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    if (body.subarray(pos, pos + 2).toString() === "--") return parts;
    const lineEnd = body.indexOf(CRLF, pos);
    if (lineEnd < 0) throw new PebbleProtocolError("multipart body ends inside a delimiter line");
    const start = lineEnd + 2;
    const end = body.indexOf(delimiter, start);
    if (end < 0) throw new PebbleProtocolError("multipart body has no closing delimiter");
    parts.push(parsePart(body.subarray(start, end)));
    pos = end + delimiter.length;
  }
}
