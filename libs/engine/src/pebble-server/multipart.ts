import { randomBytes } from "node:crypto";

export interface MultipartPart {
  /** Lower-cased header names. */
  headers: Map<string, string>;
  body: Buffer;
}

export class MultipartError extends Error {}

/** Parses a media type with its parameters ("multipart/form-data; boundary=x"), like Go's mime.ParseMediaType. */
export function parseMediaType(value: string): { mediaType: string; params: Record<string, string> } {
  const [type = "", ...rest] = splitParams(value);
  const mediaType = type.trim().toLowerCase();
  // A token, optionally "/subtype": Content-Disposition values such as "form-data" have no slash.
  if (!/^[a-z0-9!#$&^_.+-]+(\/[a-z0-9!#$&^_.+-]+)?$/.test(mediaType))
    throw new MultipartError("mime: no media type");
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    let val = param.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2)
      val = val.slice(1, -1).replace(/\\(.)/g, "$1");
    params[key] = val;
  }
  return { mediaType, params };
}

/** Splits on ";" outside quoted strings. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '"') quoted = !quoted;
    if (ch === "\\" && quoted) {
      current += ch + (value[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === ";" && !quoted) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** Parses a whole multipart body into its parts. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  let position = body.indexOf(delimiter);
  if (position < 0) throw new MultipartError("multipart: NextPart: EOF");
  const parts: MultipartPart[] = [];
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === "--") return parts;
    // Skip transport padding and the CRLF after the delimiter.
    const lineEnd = body.indexOf("\r\n", position);
    if (lineEnd < 0) throw new MultipartError("multipart: NextPart: EOF");
    const headerEnd = body.indexOf("\r\n\r\n", lineEnd);
    const headers = new Map<string, string>();
    let contentStart: number;
    if (headerEnd === lineEnd) contentStart = lineEnd + 4;
    else {
      if (headerEnd < 0) throw new MultipartError("multipart: NextPart: EOF");
      for (const line of body
        .subarray(lineEnd + 2, headerEnd)
        .toString("utf8")
        .split("\r\n")) {
        const colon = line.indexOf(":");
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      contentStart = headerEnd + 4;
    }
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), contentStart);
    if (next < 0) throw new MultipartError("multipart: NextPart: EOF");
    parts.push({ headers, body: body.subarray(contentStart, next) });
    position = next + 2;
  }
}

/** The `name` and `filename` of a part's Content-Disposition. */
export function formField(part: MultipartPart): { name: string; filename: string } {
  const disposition = part.headers.get("content-disposition") ?? "";
  try {
    const { params } = parseMediaType(disposition);
    return { name: params.name ?? "", filename: params.filename ?? "" };
  } catch {
    return { name: "", filename: "" };
  }
}

const escapeQuotes = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/** Builds a multipart/form-data body the way Go's multipart.Writer does. */
export class MultipartWriter {
  readonly boundary = randomBytes(30).toString("hex");
  private readonly chunks: Buffer[] = [];

  get contentType(): string {
    return `multipart/form-data; boundary=${this.boundary}`;
  }

  addFile(field: string, filename: string, content: Buffer): void {
    this.addPart(
      `Content-Disposition: form-data; name="${escapeQuotes(field)}"; filename="${escapeQuotes(filename)}"\r\nContent-Type: application/octet-stream`,
      content,
    );
  }

  addJson(field: string, value: unknown): void {
    this.addPart(
      `Content-Type: application/json\r\nContent-Disposition: form-data; name="${escapeQuotes(field)}"`,
      Buffer.from(`${JSON.stringify(value)}\n`),
    );
  }

  finish(): Buffer {
    this.chunks.push(Buffer.from(`\r\n--${this.boundary}--\r\n`));
    return Buffer.concat(this.chunks);
  }

  private addPart(headers: string, content: Buffer): void {
    const opening = this.chunks.length === 0 ? "" : "\r\n";
    this.chunks.push(Buffer.from(`${opening}--${this.boundary}\r\n${headers}\r\n\r\n`), content);
  }
}
