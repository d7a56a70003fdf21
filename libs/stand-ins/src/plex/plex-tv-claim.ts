import { randomBytes } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { ModelClock } from "@charmarr/engine";

// plex.tv's claim exchange (specs/app-apis.md §h): the operator gets `claim-…` from
// plex.tv/claim, valid for 4 minutes; the server posts it with its machine identifier and product
// headers and gets its own token back. A claim token works once. Time is the engine's clock, so a
// test steps past the 4 minutes with m.advance().

export const CLAIM_TOKEN_LIFETIME_MS = 4 * 60 * 1000;

/** The headers the LinuxServer image's claim script and the charm send; the first two are checked. */
export const CLAIM_PRODUCT_HEADERS = {
  "X-Plex-Product": "Plex Media Server",
  "X-Plex-Version": "1.1",
  "X-Plex-Provides": "server",
  "X-Plex-Platform": "Linux",
  "X-Plex-Platform-Version": "1.0",
  "X-Plex-Device-Name": "PlexMediaServer",
  "X-Plex-Device": "Linux",
} as const;

export interface PlexTvStandInOptions {
  clock: ModelClock;
  /** Serve HTTPS with this key and certificate (PEM); plain HTTP without. */
  tls?: { key: string; cert: string };
  host?: string;
  port?: number;
}

export interface ClaimRecord {
  machineIdentifier: string;
  serverToken: string;
}

export interface PlexTvStandIn {
  readonly url: string;
  readonly port: number;
  /** A fresh `claim-…` token, as plex.tv/claim shows one, valid for 4 minutes of the clock. */
  issueClaimToken(): string;
  /** Every successful exchange, oldest first (tests compare the token with what the server holds). */
  claims(): readonly ClaimRecord[];
  /** Requests seen, as `METHOD path` without the query (the query holds the claim token). */
  requests(): readonly string[];
  close(): Promise<void>;
}

const ERRORS = (code: number, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <error code="${code}" message="${message}" status="${code === 1020 ? 404 : 400}"/>\n</errors>\n`;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export async function startPlexTvStandIn(options: PlexTvStandInOptions): Promise<PlexTvStandIn> {
  const issued = new Map<string, { expiresAt: number; used: boolean }>();
  const claims: ClaimRecord[] = [];
  const requests: string[] = [];

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const url = new URL(req.url ?? "/", "https://plex.tv");
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname !== "/api/claim/exchange" || req.method !== "POST") {
      return send(res, 404, ERRORS(404, "Not Found"));
    }
    const machineIdentifier = header(req, "X-Plex-Client-Identifier");
    if (!machineIdentifier || header(req, "X-Plex-Product") !== CLAIM_PRODUCT_HEADERS["X-Plex-Product"]) {
      return send(res, 400, ERRORS(1000, "X-Plex-Client-Identifier and X-Plex-Product are required"));
    }
    const claimToken = url.searchParams.get("token") ?? "";
    const entry = issued.get(claimToken);
    const now = options.clock.now().getTime();
    if (!entry || entry.used || now >= entry.expiresAt) {
      return send(res, 404, ERRORS(1020, "Claim token not found or expired"));
    }
    entry.used = true;
    const serverToken = randomBytes(15).toString("base64url").slice(0, 20);
    claims.push({ machineIdentifier, serverToken });
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<user id="1" uuid="${randomBytes(8).toString("hex")}" ` +
      `title="operator" username="operator">\n  <authentication-token>${serverToken}</authentication-token>\n</user>\n`;
    send(res, 200, body);
  };

  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    issueClaimToken() {
      const token = `claim-${randomBytes(15).toString("base64url").replace(/[-_]/g, "x").slice(0, 20)}`;
      issued.set(token, { expiresAt: options.clock.now().getTime() + CLAIM_TOKEN_LIFETIME_MS, used: false });
      return token;
    },
    claims: () => claims,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
