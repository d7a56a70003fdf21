import type { IncomingMessage, ServerResponse } from "node:http";
import type { ValidationFailure } from "./validation";

// How the apps answer (specs/app-apis.md §a): indented camelCase JSON with nulls left out,
// `{message, description}` for errors, a JSON array of failures for a 400 validation.

/** Thrown by a handler to answer with an error. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export const problem = (status: number, message: string, description?: string) =>
  new HttpProblem(status, { message, description });

export const notFound = () => problem(404, "NotFound");

/** 400 with the failures array; warnings count as failures unless the caller filtered them. */
export const invalid = (failures: readonly ValidationFailure[]) => new HttpProblem(400, failures);

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body =
    value === undefined ? "" : JSON.stringify(value, (_key, item) => (item === null ? undefined : item), 2);
  res.writeHead(status, {
    ...headers,
    ...(body ? { "content-type": "application/json; charset=utf-8" } : {}),
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

const MAX_BODY = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw problem(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON body as an object; the apps answer malformed JSON with a 400. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem(400, "Invalid request body: not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw problem(400, "Invalid request body: expected a JSON object");
  }
  return value as Record<string, unknown>;
}
