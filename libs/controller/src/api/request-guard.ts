import type { IncomingMessage } from "node:http";

/**
 * The DNS-rebinding and browser guard: a request's Host must name this loopback server
 * (127.0.0.1, localhost or [::1] with our port) and it must carry no Origin.
 */
export function refusedRequest(request: IncomingMessage, port: number): string | undefined {
  if (request.headers.origin !== undefined) return "requests from browsers (with an Origin) are refused";
  const host = request.headers.host;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (host === undefined || !allowed.includes(host.toLowerCase())) return "unexpected Host header";
  return undefined;
}
