import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServarrStandIn, type ServarrStandInOptions, startServarrStandIn } from "./servarr-server";

// Shared by the stand-in tests: temp dirs, stand-ins that clean up after themselves, raw HTTP
// calls, and minimal qBittorrent and SABnzbd servers for the download-client tests.

const cleanups: (() => Promise<void> | void)[] = [];

/** Runs (and forgets) everything registered since the last call; call it from afterEach. */
export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export function tempDir(prefix = "stand-in-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A stand-in on a free port, closed by cleanUp(). */
export async function standIn(
  kind: ServarrStandInOptions["kind"],
  options: Partial<ServarrStandInOptions> = {},
): Promise<ServarrStandIn> {
  const started = await startServarrStandIn({ kind, dataDir: tempDir(`${kind}-`), port: 0, ...options });
  cleanups.push(() => started.close());
  return started;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body (undefined when empty). */
  json: unknown;
}

/** A raw call: `key` goes in X-Api-Key unless `headers` or the path say otherwise. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers["x-api-key"] = options.key;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: "manual",
  });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.includes("json") ?? false;
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text && isJson ? JSON.parse(text) : undefined,
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

/** qBittorrent's WebUI API as the download-client test uses it: 403 without a session, "Fails." on a bad login. */
export async function fakeQbittorrent(credentials: { username: string; password: string }) {
  const categories = new Set<string>();
  const sessions = new Set<string>();
  const logins: string[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://qbt");
    const sid = /SID=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (url.pathname === "/api/v2/auth/login") {
      const body = await form(req);
      logins.push(body.get("username") ?? "");
      if (body.get("username") === credentials.username && body.get("password") === credentials.password) {
        const session = `s${sessions.size + 1}`;
        sessions.add(session);
        res.writeHead(200, { "set-cookie": `SID=${session}; HttpOnly; path=/` }).end("Ok.");
      } else {
        res.writeHead(200).end("Fails.");
      }
      return;
    }
    if (!sid || !sessions.has(sid)) {
      res.writeHead(403).end("Forbidden");
      return;
    }
    if (url.pathname === "/api/v2/app/webapiVersion") res.writeHead(200).end("2.8.19");
    else if (url.pathname === "/api/v2/torrents/categories") {
      res
        .writeHead(200)
        .end(JSON.stringify(Object.fromEntries([...categories].map((c) => [c, { name: c, savePath: "" }]))));
    } else if (url.pathname === "/api/v2/torrents/createCategory") {
      categories.add((await form(req)).get("category") ?? "");
      res.writeHead(200).end();
    } else res.writeHead(404).end();
  });
  const hostPort = await listen(server);
  const [host = "", port = ""] = hostPort.split(":");
  return { host, port: Number(port), categories, logins };
}

/** SABnzbd's /api as the download-client test uses it: key in the query, 403 text on a wrong one. */
export async function fakeSabnzbd(apiKey: string, categoryNames: readonly string[]) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sab");
    const mode = url.searchParams.get("mode");
    if (url.pathname !== "/api") return res.writeHead(404).end();
    if (mode === "version") return res.writeHead(200).end(JSON.stringify({ version: "3.7.1" }));
    const given = url.searchParams.get("apikey");
    if (!given) return res.writeHead(403).end("API Key Required");
    if (given !== apiKey) return res.writeHead(403).end("API Key Incorrect");
    if (mode === "get_config") {
      const categories = ["*", ...categoryNames].map((name, order) => ({
        name,
        order,
        pp: "",
        script: "Default",
        dir: "",
      }));
      return res.writeHead(200).end(JSON.stringify({ config: { misc: { api_key: apiKey }, categories } }));
    }
    return res.writeHead(200).end("{}");
  });
  const hostPort = await listen(server);
  const [host = "", port = ""] = hostPort.split(":");
  return { host, port: Number(port) };
}
