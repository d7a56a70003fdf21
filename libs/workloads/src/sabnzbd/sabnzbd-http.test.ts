import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../testing/app-test-instance";
import { type LocalHttpServer, startLocalHttpServer } from "../../testing/local-http-server";
import { SabnzbdClient } from "./sabnzbd-client";
import {
  SabnzbdAccessDeniedError,
  SabnzbdAuthError,
  SabnzbdHttpError,
  SabnzbdRefusedError,
  SabnzbdResponseError,
  SabnzbdUnreachableError,
} from "./sabnzbd-errors";
import { encodeApiParams } from "./sabnzbd-http";

// The transport against a scripted server answering like SABnzbd 3.7.1 (§2.4): what goes on the
// wire, and how each failure comes back.

const KEY = "0123456789abcdef0123456789abcdef";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  form: URLSearchParams;
}

let server: LocalHttpServer;
let base: string;
let seen: Seen[] = [];
let reply: (form: URLSearchParams, res: ServerResponse) => void;

const json = (res: ServerResponse, value: unknown) =>
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));

beforeAll(async () => {
  server = await startLocalHttpServer((req, res, body) => {
    const form = new URLSearchParams(body);
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, form });
    reply(form, res);
  });
  base = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  seen = [];
  reply = (form, res) => {
    if (form.get("mode") === "version") json(res, { version: "3.7.1" });
    else if (form.get("mode") === "auth") json(res, { auth: form.get("key") === KEY ? "apikey" : "badkey" });
    else if (form.get("apikey") !== KEY) res.writeHead(403).end("API Key Incorrect\n");
    else json(res, { config: { misc: { [form.get("keyword") ?? "x"]: form.get("value") } } });
  };
});

const client = (apiKey = KEY, url = base) => new SabnzbdClient({ url, apiKey, retryDelayMs: 1 });

describe("API parameter encoding", () => {
  it("percent-encodes values, joins lists with commas, writes booleans as 1/0", () => {
    expect(
      encodeApiParams({
        value: "/sab & co?=#+ü",
        list: ["a.example", "b.example"],
        on: true,
        off: false,
        n: 7,
        skip: undefined,
      }),
    ).toBe("value=%2Fsab+%26+co%3F%3D%23%2B%C3%BC&list=a.example%2C+b.example&on=1&off=0&n=7");
  });
});

describe("SabnzbdClient on the wire", () => {
  it("POSTs a form to /api below the URL base, with output=json and the key in the body only", async () => {
    await client(KEY, `${base}/sabnzbd/`).setMisc("url_base", "/sab & co?");
    const [request] = seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/sabnzbd/api");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      section: "misc",
      keyword: "url_base",
      value: "/sab & co?",
      mode: "set_config",
      output: "json",
      apikey: KEY,
    });
  });

  it("sends no key for version and auth, and never asks about an empty key", async () => {
    expect(await client().version()).toBe("3.7.1");
    expect(await client().acceptsKey()).toBe(true);
    expect(await client().acceptsKey("other")).toBe(false);
    expect(await client().auth("")).toBe("none");
    expect(seen.map((s) => s.form.get("apikey"))).toEqual([null, null, null]);
    expect(seen).toHaveLength(3);
  });

  it("types a wrong or missing key from the plain-text 403", async () => {
    const wrong = await client("nope-nope")
      .misc()
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SabnzbdAuthError);
    expect((wrong as SabnzbdAuthError).reason).toBe("incorrect");
    reply = (_form, res) => res.writeHead(403).end("API Key Required");
    expect(
      (
        (await client()
          .misc()
          .catch((e: unknown) => e)) as SabnzbdAuthError
      ).reason,
    ).toBe("missing");
  });

  it("types the host and access checks", async () => {
    reply = (_form, res) =>
      res
        .writeHead(403)
        .end("Access denied - Hostname verification failed: https://sabnzbd.org/hostname-check");
    const host = await client()
      .version()
      .catch((e: unknown) => e);
    expect(host).toBeInstanceOf(SabnzbdAccessDeniedError);
    expect((host as SabnzbdAccessDeniedError).reason).toBe("hostname");
    reply = (_form, res) =>
      res.writeHead(403).end("External internet access denied - https://sabnzbd.org/access-denied");
    expect(
      (
        (await client()
          .version()
          .catch((e: unknown) => e)) as SabnzbdAccessDeniedError
      ).reason,
    ).toBe("external");
  });

  it("turns status:false into a refusal, and scrubs secret values from it", async () => {
    reply = (form, res) =>
      json(res, { status: false, error: `Config item does not exist: ${form.get("value")}` });
    const refused = await client()
      .setMisc("api_key", "secret-new-key")
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SabnzbdRefusedError);
    expect(String(refused)).not.toContain("secret-new-key");
    expect(String(refused)).not.toContain(KEY);
  });

  it("reports other statuses, non-JSON and wrong shapes", async () => {
    reply = (_form, res) => res.writeHead(500).end(`boom ${KEY}`);
    const failed = await client()
      .misc()
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SabnzbdHttpError);
    expect(String(failed)).not.toContain(KEY);
    reply = (_form, res) => res.writeHead(200).end("3.7.1\n");
    expect(
      await client()
        .version()
        .catch((e: unknown) => e),
    ).toBeInstanceOf(SabnzbdResponseError);
    reply = (_form, res) => json(res, { apikey: "" });
    expect(
      await client()
        .generateApiKey()
        .catch((e: unknown) => e),
    ).toBeInstanceOf(SabnzbdResponseError);
  });

  it("sends categories by name with only the given fields", async () => {
    reply = (form, res) =>
      json(res, {
        config: { categories: [{ name: (form.get("name") ?? "").toLowerCase(), dir: form.get("dir") }] },
      });
    const saved = await client().setCategory({ name: "TV-Sonarr", dir: "tv" });
    expect(saved).toEqual({ name: "tv-sonarr", dir: "tv" });
    expect(Object.fromEntries(seen[0]?.form ?? [])).toEqual({
      section: "categories",
      name: "TV-Sonarr",
      dir: "tv",
      mode: "set_config",
      output: "json",
      apikey: KEY,
    });
  });

  it("reports a closed port as unreachable, naming the mode and not the key", async () => {
    const port = await freePort();
    const error = await client(KEY, `http://127.0.0.1:${port}`)
      .config()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SabnzbdUnreachableError);
    expect(String(error)).toContain("mode=get_config");
    expect(String(error)).not.toContain(KEY);
  });

  it("refuses empty keys before sending anything", async () => {
    await expect(client().setApiKey(" ")).rejects.toThrow(TypeError);
    await expect(client().setNzbKey("")).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(0);
  });
});
