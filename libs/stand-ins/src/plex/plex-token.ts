import type { IncomingHttpHeaders } from "node:http";

// PMS takes the token from the X-Plex-Token header or the X-Plex-Token query parameter
// (specs/app-apis.md §h); the comparison is exact.

export function suppliedPlexToken(query: URLSearchParams, headers: IncomingHttpHeaders): string | undefined {
  const header = headers["x-plex-token"];
  if (header !== undefined) return Array.isArray(header) ? header[0] : header;
  return query.get("X-Plex-Token") ?? undefined;
}

export function isPlexAuthenticated(
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
  serverToken: string | undefined,
): boolean {
  if (!serverToken) return false;
  const supplied = suppliedPlexToken(query, headers);
  return supplied !== undefined && supplied === serverToken;
}

/** PMS's 401: an HTML page, whatever the client asked for. */
export const UNAUTHORIZED_HTML =
  "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>";
