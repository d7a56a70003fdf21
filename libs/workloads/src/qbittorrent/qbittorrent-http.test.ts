import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../testing/app-test-instance";
import {
  type ScriptedHttpServer,
  type SeenRequest,
  startScriptedHttpServer,
} from "../../testing/local-http-server";
import { QbittorrentClient } from "./qbittorrent-client";
import {
  QbittorrentAuthError,
  QbittorrentBannedError,
  QbittorrentHttpError,
  QbittorrentResponseError,
  QbittorrentUnreachableError,
} from "./qbittorrent-errors";
import { encodeForm } from "./qbittorrent-http";

// The transport against a scripted server that answers like qBittorrent 4.5.2 (§1.5, §1.6):
// what goes on the wire, and how each failure comes back.

const PASSWORD = "s3cret pass&word=1+2";

let server: ScriptedHttpServer;
let base: string;

/** Like the app: login by form, a SID cookie, 403 without it. */
function appLike(options: { password?: string; banned?: boolean; sessions?: Set<string> } = {}) {
  const sessions = options.sessions ?? new Set<string>();
  let counter = 0;
  return (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = new URL(req.url ?? "", "http://x").pathname;
    if (path === "/api/v2/auth/login") {
      if (options.banned) {
        res
          .writeHead(403)
          .end("Your IP address has been banned after too many failed authentication attempts.");
        return;
      }
      const form = new URLSearchParams(body);
      if (form.get("username") === "charm" && form.get("password") === (options.password ?? PASSWORD)) {
        const sid = `sid${++counter}`;
        sessions.add(sid);
        res.writeHead(200, { "set-cookie": `SID=${sid}; HttpOnly; path=/; SameSite=Strict` }).end("Ok.");
      } else {
        res.writeHead(200).end("Fails.");
      }
      return;
    }
    const sid = /SID=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (!sid || !sessions.has(sid)) {
      res.writeHead(403).end("Forbidden");
      return;
    }
    if (path === "/api/v2/auth/logout") {
      sessions.delete(sid);
      res.writeHead(200).end();
    } else if (path === "/api/v2/app/version") res.writeHead(200).end("v4.5.2");
    else if (path === "/api/v2/app/webapiVersion") res.writeHead(200).end("2.8.19");
    else if (path === "/api/v2/app/preferences") {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ web_ui_port: 8080, dht: false }));
    } else if (path === "/api/v2/torrents/categories") {
      res.writeHead(200).end(JSON.stringify({ tv: { name: "tv", savePath: "/data/tv/" } }));
    } else res.writeHead(200).end("");
  };
}

beforeAll(async () => {
  server = await startScriptedHttpServer();
  base = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  server.seen = [];
  server.reply = appLike();
});

const client = (password = PASSWORD, url = base) =>
  new QbittorrentClient({ url, username: "charm", password, retryDelayMs: 1 });

describe("form encoding", () => {
  it("percent-encodes every reserved character and skips undefined fields", () => {
    expect(encodeForm({ password: "a b&c=d+e%f/ü", skip: undefined, n: 1, b: false })).toBe(
      "password=a+b%26c%3Dd%2Be%25f%2F%C3%BC&n=1&b=false",
    );
  });
});

describe("QbittorrentClient on the wire", () => {
  it("logs in by form, carries the cookie, and sends neither Origin nor Referer", async () => {
    const qbt = client();
    expect(await qbt.version()).toBe("v4.5.2");
    const [login, version] = server.seen;
    expect(login?.method).toBe("POST");
    expect(login?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(login?.body).get("password")).toBe(PASSWORD);
    expect(version?.headers.cookie).toBe("SID=sid1");
    for (const request of server.seen) {
      expect(request.headers.origin).toBeUndefined();
      expect(request.headers.referer).toBeUndefined();
    }
    // One login for many calls.
    await qbt.webApiVersion();
    await qbt.preferences();
    expect(server.seen.filter((s) => s.url.endsWith("/auth/login"))).toHaveLength(1);
  });

  it("sends setPreferences as a form with a json= field (a raw JSON body is a 400)", async () => {
    const qbt = client();
    await qbt.setPreferences({ web_ui_password: "new & improved", dht: false });
    const request = server.seen.at(-1) as SeenRequest;
    expect(request.url).toBe("/api/v2/app/setPreferences");
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(JSON.parse(new URLSearchParams(request.body).get("json") as string)).toEqual({
      web_ui_password: "new & improved",
      dht: false,
    });
  });

  it("sends categories with their paths, and several names newline-separated", async () => {
    const qbt = client();
    await qbt.createCategory("tv-sonarr", "/data/torrents/tv");
    await qbt.removeCategories(["a", "b c"]);
    expect(server.seen.at(-2)?.body).toBe("category=tv-sonarr&savePath=%2Fdata%2Ftorrents%2Ftv");
    expect(server.seen.at(-1)?.body).toBe("categories=a%0Ab+c");
    expect(await qbt.categories()).toEqual({ tv: { name: "tv", savePath: "/data/tv/" } });
    expect(await qbt.ensureCategory("tv", "/data/tv")).toBe("unchanged");
  });

  it("keeps a path prefix of the base URL", async () => {
    server.reply = (_req, res) => res.writeHead(200, { "set-cookie": "SID=x" }).end("Ok.");
    const qbt = client(PASSWORD, `${base}/qbt/`);
    await qbt.login();
    await qbt.close();
    expect(server.seen.map((s) => s.url)).toEqual(["/qbt/api/v2/auth/login", "/qbt/api/v2/auth/logout"]);
  });

  it("logs in again once when the session expired, then fails with no further login", async () => {
    const sessions = new Set<string>();
    server.reply = appLike({ sessions });
    const qbt = client();
    await qbt.version();
    sessions.clear();
    expect(await qbt.version()).toBe("v4.5.2");
    expect(server.seen.filter((s) => s.url.endsWith("/auth/login"))).toHaveLength(2);
    // A server that forgets every session at once: one new login, then a typed error.
    server.reply = (req, res) =>
      req.url?.endsWith("/auth/login")
        ? res.writeHead(200, { "set-cookie": "SID=y" }).end("Ok.")
        : res.writeHead(403).end("Forbidden");
    const error = await qbt.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QbittorrentAuthError);
    expect((error as QbittorrentAuthError).reason).toBe("session");
  });

  it("makes at most one refused login per client, however many calls follow", async () => {
    const qbt = client("wrong");
    for (let i = 0; i < 4; i++) {
      const error = await qbt.version().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QbittorrentAuthError);
      expect((error as QbittorrentAuthError).reason).toBe("login");
    }
    expect(server.seen.filter((s) => s.url.endsWith("/auth/login"))).toHaveLength(1);
    expect(qbt.failedLogins).toBe(1);
    expect(String(await qbt.login().catch((e: unknown) => e))).not.toContain("wrong");
  });

  it("tells a ban apart from a refusal", async () => {
    server.reply = appLike({ banned: true });
    const error = await client()
      .login()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QbittorrentBannedError);
    expect(client().failedLogins).toBe(0);
  });

  it("reports a CSRF/Host 401 with a hint, and other statuses with their body, scrubbed", async () => {
    server.reply = (_req, res) => res.writeHead(401).end("Unauthorized");
    const csrf = await client()
      .login()
      .catch((e: unknown) => e);
    expect(csrf).toBeInstanceOf(QbittorrentHttpError);
    expect((csrf as QbittorrentHttpError).status).toBe(401);
    expect(String(csrf)).toMatch(/Origin\/Referer/);

    server.reply = appLike();
    const qbt = client();
    await qbt.login();
    server.reply = (_req, res) => res.writeHead(409).end(`Incorrect category name ${PASSWORD}`);
    const conflict = await qbt.createCategory("/x").catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(QbittorrentHttpError);
    expect((conflict as QbittorrentHttpError).status).toBe(409);
    expect(String(conflict)).not.toContain(PASSWORD);
    expect(String(conflict)).toContain("Incorrect category name ***");
  });

  it("refuses a login answer without a session cookie, and a body that is not JSON", async () => {
    server.reply = (_req, res) => res.writeHead(200).end("Ok.");
    expect(
      await client()
        .login()
        .catch((e: unknown) => e),
    ).toBeInstanceOf(QbittorrentResponseError);
    server.reply = (req, res) =>
      req.url?.endsWith("/auth/login")
        ? res.writeHead(200, { "set-cookie": "SID=z" }).end("Ok.")
        : res.writeHead(200).end("<html>");
    expect(
      await client()
        .preferences()
        .catch((e: unknown) => e),
    ).toBeInstanceOf(QbittorrentResponseError);
  });

  it("reports a closed port as unreachable (after retrying the refused connection)", async () => {
    const port = await freePort();
    const error = await client(PASSWORD, `http://127.0.0.1:${port}`)
      .version()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QbittorrentUnreachableError);
    expect((error as QbittorrentUnreachableError).code).toBe("ECONNREFUSED");
  });

  it("refuses a base URL with credentials or a query", () => {
    expect(() => client(PASSWORD, "http://u:p@127.0.0.1:1")).toThrow(TypeError);
    expect(() => client(PASSWORD, "http://127.0.0.1:1/?x=1")).toThrow(TypeError);
  });
});
