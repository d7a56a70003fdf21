import type { IncomingHttpHeaders } from "node:http";

// ApiKeyAuthenticationHandler (specs/app-apis.md §a): the first place that is present wins, even
// when what it holds is empty or wrong: the `apikey` query parameter (name matched
// case-insensitively), then the X-Api-Key header, then Authorization with "Bearer " stripped.
// The comparison is exact, nothing trimmed.

export function suppliedApiKey(query: URLSearchParams, headers: IncomingHttpHeaders): string | undefined {
  for (const [name, value] of query) {
    if (name.toLowerCase() === "apikey") return value;
  }
  const header = headers["x-api-key"];
  if (header !== undefined) return Array.isArray(header) ? header.join(",") : header;
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    return authorization.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : authorization;
  }
  return undefined;
}

export function isAuthenticated(
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
  liveKey: string,
): boolean {
  const supplied = suppliedApiKey(query, headers);
  return supplied !== undefined && supplied !== "" && supplied === liveKey;
}
