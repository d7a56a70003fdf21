import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { type ModelProxy, proxyFor } from "../dispatch/model-proxy";
import { trustedCertificates } from "./system-trust-store";

// One HTTP(S) call out of the cluster (plex.tv, say), through the model's proxy when it says so:
// an https:// destination through an HTTP proxy is a CONNECT tunnel with TLS end to end, checked
// against the container's trust store. Errors never carry the URL's query (it may hold a token).

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Readonly<Record<string, string>>;
  /** The hook's ctx.juju.proxy. */
  proxy: ModelProxy;
  /** Default 30 s, the whole call. */
  timeoutMs?: number;
  /** CAs (PEM) to trust besides Node's roots and the container's system store (a charm option's, say). */
  extraCa?: readonly string[];
}

export interface OutboundResponse {
  status: number;
  body: string;
}

/** The destination (or the proxy on the way) could not be reached or did not answer in time. */
export class OutboundUnreachableError extends Error {}

const MAX_BODY = 1024 * 1024;

const where = (url: URL) => `${url.protocol}//${url.host}${url.pathname}`;

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { "proxy-authorization": `Basic ${Buffer.from(credentials).toString("base64")}` };
}

function readResponse(res: IncomingMessage): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        res.destroy(new Error("response larger than 1 MiB"));
        return;
      }
      chunks.push(chunk);
    });
    res.once("end", () =>
      resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
    );
    res.once("error", reject);
  });
}

/** A tunnel to host:port through the proxy (CONNECT); the socket is the raw TCP stream. */
function tunnel(proxy: URL, host: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const target = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    const req = httpRequest({
      host: proxy.hostname.replace(/^\[|\]$/g, ""),
      port: Number(proxy.port || 80),
      method: "CONNECT",
      path: target,
      headers: { host: target, ...proxyAuthorization(proxy) },
      signal,
    });
    req.once("connect", (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new OutboundUnreachableError(`the proxy answered ${res.statusCode} to CONNECT ${target}`));
      }
    });
    req.once("error", reject);
    req.end();
  });
}

export async function outboundRequest(call: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(call.url);
  const proxyUrl = proxyFor(url, call.proxy);
  const proxy = proxyUrl === undefined ? undefined : new URL(proxyUrl);
  const signal = AbortSignal.timeout(call.timeoutMs ?? 30_000);
  const https = url.protocol === "https:";
  const port = Number(url.port || (https ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const ca = [...trustedCertificates(), ...(call.extraCa ?? [])];
  const options: RequestOptions = {
    method: call.method,
    headers: { ...call.headers },
    signal,
  };
  try {
    let send: () => ReturnType<typeof httpRequest>;
    if (proxy && https) {
      const socket = await tunnel(proxy, host, port, signal);
      const secure = tlsConnect({ socket, servername: host, ca });
      send = () =>
        httpRequest({
          ...options,
          host,
          port,
          path: `${url.pathname}${url.search}`,
          createConnection: () => secure,
        });
    } else if (proxy) {
      // A plain-HTTP proxy takes the absolute URL as the request target.
      send = () =>
        httpRequest({
          ...options,
          host: proxy.hostname.replace(/^\[|\]$/g, ""),
          port: Number(proxy.port || 80),
          path: url.href,
          headers: { ...options.headers, host: url.host, ...proxyAuthorization(proxy) },
        });
    } else if (https) {
      send = () => httpsRequest(url, { ...options, ca });
    } else {
      send = () => httpRequest(url, options);
    }
    return await new Promise<OutboundResponse>((resolve, reject) => {
      const req = send();
      req.once("response", (res) => readResponse(res).then(resolve, reject));
      req.once("error", reject);
      req.end();
    });
  } catch (error) {
    if (error instanceof OutboundUnreachableError) throw error;
    const reason = signal.aborted ? "timed out" : (error as Error).message;
    throw new OutboundUnreachableError(
      `${call.method} ${where(url)}${proxy ? ` via ${proxy.host}` : ""}: ${reason}`,
    );
  }
}
