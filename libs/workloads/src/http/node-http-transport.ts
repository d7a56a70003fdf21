import type { request as httpRequest, IncomingMessage } from "node:http";
import { type HttpExchangeResponse, type HttpTransport, responseHeaders } from "./http-transport";
import { HttpTransportError, systemErrorCode } from "./network-error";

// The app clients' transport, on node:http and node:https rather than fetch: every hook is a
// fresh process, and the first fetch in a process loads and compiles undici, 20-30 ms on the
// shipped Node 22 against 7-9 ms for a first node:http request
// (scripts/bench/http-first-request-bench.ts). The modules are loaded at the first request,
// through process.getBuiltinModule: the charm bundle is put in a V8 startup snapshot, where
// node:http, node:https and node:tls cannot be loaded at module init.

/** The largest answer read: far above any the apps give (a long Servarr or torrent list). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** The answer's body is over MAX_RESPONSE_BYTES: the app (or what answers in its place) is not sane. */
export class HttpResponseTooLargeError extends Error {
  override readonly name = "HttpResponseTooLargeError";
}

/** The URL without its query (it may hold a token), for messages. */
const where = (url: URL) => `${url.protocol}//${url.host}${url.pathname}`;

function requestFor(url: URL): typeof httpRequest {
  return url.protocol === "https:"
    ? process.getBuiltinModule("node:https").request
    : process.getBuiltinModule("node:http").request;
}

export const nodeHttpTransport: HttpTransport = ({ url, method, headers, body, timeoutMs }) =>
  new Promise<HttpExchangeResponse>((resolve, reject) => {
    let done = false;
    const settle = (finish: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      finish();
    };
    const unreachable = (error: unknown) =>
      settle(() =>
        reject(
          new HttpTransportError("connection", systemErrorCode(error), (error as Error).message, {
            cause: error,
          }),
        ),
      );
    const fail = (error: Error) => {
      settle(() => reject(error));
      req.destroy();
    };

    // Redirects are never followed (node:http has no such thing): the credentials in the
    // headers would go wherever Location points.
    const req = requestFor(url)(url, { method, headers }, (res: IncomingMessage) => {
      const tooLarge = () =>
        fail(
          new HttpResponseTooLargeError(
            `${method} ${where(url)}: the answer is over ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`,
          ),
        );
      // Errors after the outcome (the destroyed request's, say) are ignored, never unhandled.
      res.on("error", unreachable);
      if (Number(res.headers["content-length"]) > MAX_RESPONSE_BYTES) {
        tooLarge();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) tooLarge();
        else chunks.push(chunk);
      });
      res.on("end", () =>
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: responseHeaders(res.headersDistinct),
            // TextDecoder drops a leading BOM, as fetch's text() does.
            text: new TextDecoder().decode(Buffer.concat(chunks)),
          }),
        ),
      );
    });
    req.on("error", unreachable);
    const timer = setTimeout(
      () => fail(new HttpTransportError("timeout", undefined, `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.end(body);
  });
