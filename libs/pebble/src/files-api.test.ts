import { describe, expect, it } from "vitest";
import { useWireFormatServer } from "../testing/use-wire-format-server";
import { jsonBody, type RecordedRequest } from "../testing/wire-format-server";
import { multipartBoundary, parseMultipart } from "./multipart";
import { PebbleApiError, PebblePathError, PebbleProtocolError } from "./pebble-errors";

const t = useWireFormatServer();

function filesRequests(): RecordedRequest[] {
  return t.server.requestsTo("/v1/files");
}

/** An error's own properties, message and stack, as one string to search for leaks. */
function everythingIn(error: unknown): string {
  const e = error as Error;
  return JSON.stringify({ ...e, message: e.message, stack: e.stack, cause: String(e.cause) });
}

describe("push", () => {
  it("sends multipart with the request part first and the file part named files", async () => {
    await t.client.push("/etc/app/config.xml", "<Config/>", {
      makeDirs: true,
      permissions: 0o600,
      userId: 1000,
      user: "app",
      groupId: 1001,
      group: "media",
    });
    const [request] = filesRequests();
    expect(request?.method).toBe("POST");
    expect(request?.query.toString()).toBe("");
    expect(request?.headers["content-length"]).toBe(String(request?.body.length));
    const contentType = request?.headers["content-type"] ?? "";
    expect(contentType).toMatch(/^multipart\/form-data; boundary="[0-9a-f]{32}"$/);
    const boundary = multipartBoundary(contentType);
    expect(request?.body.toString()).toBe(
      `--${boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name="request"\r\n\r\n` +
        JSON.stringify({
          action: "write",
          files: [
            {
              path: "/etc/app/config.xml",
              "make-dirs": true,
              permissions: "600",
              "user-id": 1000,
              user: "app",
              "group-id": 1001,
              group: "media",
            },
          ],
        }) +
        `\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\n` +
        `Content-Disposition: form-data; name="files"; filename="/etc/app/config.xml"\r\n\r\n<Config/>\r\n` +
        `--${boundary}--\r\n`,
    );
    const file = t.server.files.entries.get("/etc/app/config.xml");
    expect(file?.content.toString()).toBe("<Config/>");
    expect(file?.permissions).toBe(0o600);
    expect([file?.userId, file?.user, file?.groupId, file?.group]).toEqual([1000, "app", 1001, "media"]);
  });

  it("sends only the path when no options are given, and pushes bytes unchanged", async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10]);
    await t.client.push("/blob", bytes);
    const [request] = filesRequests();
    const [meta, file] = parseMultipart(request!.body, multipartBoundary(request?.headers["content-type"]));
    expect(JSON.parse(meta!.body.toString())).toEqual({ action: "write", files: [{ path: "/blob" }] });
    expect(file?.body.equals(bytes)).toBe(true);
    expect(t.server.files.entries.get("/blob")?.permissions).toBe(0o644);
  });

  it("throws PebblePathError (not-found) when the parent is missing, without the content", async () => {
    const secret = "api-key-7f3c9d1e2b4a5f60";
    const error = await t.client.push("/missing/dir/secret.txt", secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebblePathError);
    expect(error).toMatchObject({
      kind: "not-found",
      path: "/missing/dir/secret.txt",
      message: "open /missing/dir/secret.txt: no such file or directory",
    });
    expect(everythingIn(error)).not.toContain(secret);
  });

  it("throws permission-denied and generic path errors with their kinds", async () => {
    t.server.files.denied.add("/root.conf");
    await expect(t.client.push("/root.conf", "x")).rejects.toMatchObject({ kind: "permission-denied" });
    await expect(t.client.push("relative.txt", "x")).rejects.toMatchObject({
      kind: "generic-file-error",
      message: 'paths must be absolute, got "relative.txt"',
    });
  });

  it("validates permissions before sending anything", async () => {
    await expect(t.client.push("/a", "x", { permissions: 0o1777 })).rejects.toThrow(TypeError);
    await expect(t.client.push("/a", "x", { permissions: 1.5 })).rejects.toThrow(TypeError);
    expect(filesRequests()).toEqual([]);
  });

  it("keeps file content out of a transport-level failure", async () => {
    const secret = "password=hunter2-0123456789abcdef";
    t.server.intercept((_r, res) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end("boom");
      return true;
    });
    const error = await t.client.push("/etc/secret", secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleApiError);
    expect(everythingIn(error)).not.toContain(secret);
  });
});

describe("pull", () => {
  it("asks for multipart and returns text", async () => {
    await t.client.push("/etc/motd", "héllo\nwörld\n", { makeDirs: true });
    expect(await t.client.pull("/etc/motd")).toBe("héllo\nwörld\n");
    const read = filesRequests().find((r) => r.method === "GET");
    expect(read?.headers.accept).toBe("multipart/form-data");
    expect([...read!.query.entries()]).toEqual([
      ["action", "read"],
      ["path", "/etc/motd"],
    ]);
  });

  it("returns bytes exactly, even ones that look like multipart framing", async () => {
    const bytes = Buffer.concat([Buffer.from("\r\n--fake\r\n"), Buffer.from([0, 200, 255])]);
    expect(t.server.files.write("/data", bytes, {})).toBeUndefined();
    expect((await t.client.pullBytes("/data")).equals(bytes)).toBe(true);
  });

  it("throws PebblePathError with kind not-found for a missing file", async () => {
    const error = await t.client.pull("/nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebblePathError);
    expect(error).toMatchObject({
      kind: "not-found",
      message: "stat /nope: no such file or directory",
      path: "/nope",
    });
  });

  it("throws a generic path error for a directory", async () => {
    await expect(t.client.pull("/")).rejects.toMatchObject({
      kind: "generic-file-error",
      message: 'can only read a regular file: "/"',
    });
  });

  it("turns a JSON error answer into PebbleApiError", async () => {
    t.server.intercept((r, res) => {
      if (r.method !== "GET") return false;
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          type: "error",
          "status-code": 400,
          status: "Bad Request",
          result: { message: "must accept multipart/form-data" },
        }),
      );
      return true;
    });
    await expect(t.client.pull("/x")).rejects.toMatchObject({
      statusCode: 400,
      message: "must accept multipart/form-data",
    });
  });

  it("rejects malformed multipart answers with PebbleProtocolError, never echoing content", async () => {
    const secret = "token-abcdef0123456789";
    let body = "";
    let contentType = "multipart/form-data; boundary=b0undary";
    t.server.intercept((r, res) => {
      if (r.method !== "GET") return false;
      res.writeHead(200, { "Content-Type": contentType });
      res.end(body);
      return true;
    });
    const part = (name: string, extra: string, content: string) =>
      `--b0undary\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${content}\r\n`;
    const ok = JSON.stringify({ type: "sync", "status-code": 200, status: "OK", result: [{ path: "/f" }] });

    body = `${part("files", '; filename="/f"', secret)}--b0undary--\r\n`;
    let error = await t.client.pull("/f").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleProtocolError);
    expect((error as Error).message).toBe('multipart response for /f has no "response" part');
    expect(everythingIn(error)).not.toContain(secret);

    body = `${part("files", '; filename="/other"', secret)}${part("response", "", ok)}--b0undary--\r\n`;
    error = await t.client.pull("/f").catch((e: unknown) => e);
    expect((error as Error).message).toBe("expected exactly one file part for /f, got 1");
    expect(everythingIn(error)).not.toContain(secret);

    body = `${part("response", "", ok)}--b0undary--\r\n`;
    await expect(t.client.pull("/f")).rejects.toThrow("expected exactly one file part for /f, got 0");

    body = `${part("response", "", "{oops")}--b0undary--\r\n`;
    await expect(t.client.pull("/f")).rejects.toThrow('"response" part for /f is not JSON');

    contentType = "application/octet-stream";
    body = secret;
    error = await t.client.pull("/f").catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'expected Content-Type "multipart/form-data", got "application/octet-stream"',
    );
    expect(everythingIn(error)).not.toContain(secret);

    contentType = "multipart/form-data";
    await expect(t.client.pull("/f")).rejects.toThrow("multipart response has no boundary");
  });
});

describe("listFiles, exists, isDir", () => {
  it("lists a directory with typed entries", async () => {
    await t.client.push("/srv/a.conf", "12345", { makeDirs: true, permissions: 0o640 });
    await t.client.push("/srv/b.txt", "x");
    await t.client.makeDir("/srv/sub");
    const entries = await t.client.listFiles("/srv");
    expect(entries.map((e) => [e.name, e.type, e.size, e.permissions])).toEqual([
      ["a.conf", "file", 5, 0o640],
      ["b.txt", "file", 1, 0o644],
      ["sub", "directory", undefined, 0o755],
    ]);
    expect(entries[0]).toMatchObject({
      path: "/srv/a.conf",
      userId: 0,
      user: "root",
      groupId: 0,
      group: "root",
    });
    expect(entries[0]?.lastModified).toBeInstanceOf(Date);
    const request = filesRequests().at(-1);
    expect([...request!.query.entries()]).toEqual([
      ["action", "list"],
      ["path", "/srv"],
    ]);
  });

  it("passes pattern and itself", async () => {
    await t.client.push("/srv/a.conf", "1", { makeDirs: true });
    await t.client.push("/srv/b.txt", "1");
    expect((await t.client.listFiles("/srv", { pattern: "*.conf" })).map((e) => e.name)).toEqual(["a.conf"]);
    expect((await t.client.listFiles("/srv", { itself: true })).map((e) => [e.path, e.type])).toEqual([
      ["/srv", "directory"],
    ]);
    const queries = filesRequests()
      .filter((r) => r.method === "GET")
      .map((r) => Object.fromEntries(r.query));
    expect(queries).toEqual([
      { action: "list", path: "/srv", pattern: "*.conf" },
      { action: "list", path: "/srv", itself: "true" },
    ]);
  });

  it("reads null owner ids", async () => {
    t.server.intercept((_r, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          type: "sync",
          "status-code": 200,
          status: "OK",
          result: [
            {
              path: "/x",
              name: "x",
              type: "socket",
              permissions: "755",
              "last-modified": "2025-01-01T00:00:00Z",
              "user-id": null,
              "group-id": null,
              user: "",
              group: "",
            },
          ],
        }),
      );
      return true;
    });
    expect(await t.client.listFiles("/x")).toEqual([
      {
        path: "/x",
        name: "x",
        type: "socket",
        size: undefined,
        permissions: 0o755,
        lastModified: new Date("2025-01-01T00:00:00Z"),
        userId: null,
        user: "",
        groupId: null,
        group: "",
      },
    ]);
  });

  it("reports a missing path as a whole-request PebbleApiError (404, not-found), as ops does", async () => {
    const error = await t.client.listFiles("/nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PebbleApiError);
    expect(error).toMatchObject({ statusCode: 404, kind: "not-found" });
    await expect(t.client.listFiles("rel")).rejects.toMatchObject({
      statusCode: 400,
      message: 'path must be absolute, got "rel"',
    });
  });

  it("answers exists and isDir from a list of the path itself", async () => {
    await t.client.push("/f", "1");
    expect([await t.client.exists("/f"), await t.client.isDir("/f")]).toEqual([true, false]);
    expect([await t.client.exists("/"), await t.client.isDir("/")]).toEqual([true, true]);
    expect([await t.client.exists("/none"), await t.client.isDir("/none")]).toEqual([false, false]);
    expect(filesRequests().at(-1)?.query.get("itself")).toBe("true");
  });
});

describe("makeDir and removePath", () => {
  it("posts make-dirs with options", async () => {
    await t.client.makeDir("/data/media/movies", {
      makeParents: true,
      permissions: 0o750,
      user: "app",
      group: "app",
    });
    expect(jsonBody(filesRequests()[0]!)).toEqual({
      action: "make-dirs",
      dirs: [
        { path: "/data/media/movies", "make-parents": true, permissions: "750", user: "app", group: "app" },
      ],
    });
    expect(filesRequests()[0]?.headers["content-type"]).toBe("application/json");
    expect(t.server.files.entries.get("/data/media/movies")?.permissions).toBe(0o750);
    await t.client.makeDir("/data/media/movies", { makeParents: true });
  });

  it("throws path errors for an existing directory or a missing parent", async () => {
    await t.client.makeDir("/d");
    await expect(t.client.makeDir("/d")).rejects.toMatchObject({
      name: "PebblePathError",
      kind: "generic-file-error",
      message: "mkdir /d: file exists",
    });
    await expect(t.client.makeDir("/x/y")).rejects.toMatchObject({ kind: "not-found", path: "/x/y" });
    expect(jsonBody(filesRequests()[1]!)).toEqual({ action: "make-dirs", dirs: [{ path: "/d" }] });
  });

  it("removes files and trees", async () => {
    await t.client.push("/tree/a/b", "1", { makeDirs: true });
    await expect(t.client.removePath("/tree")).rejects.toMatchObject({
      kind: "generic-file-error",
      message: "remove /tree: directory not empty",
    });
    await t.client.removePath("/tree", { recursive: true });
    expect(await t.client.exists("/tree")).toBe(false);
    await t.client.removePath("/tree", { recursive: true });
    await expect(t.client.removePath("/tree")).rejects.toMatchObject({ kind: "not-found" });
    const bodies = filesRequests()
      .filter((r) => r.headers["content-type"] === "application/json")
      .map(jsonBody);
    expect(bodies.slice(0, 2)).toEqual([
      { action: "remove", paths: [{ path: "/tree" }] },
      { action: "remove", paths: [{ path: "/tree", recursive: true }] },
    ]);
  });
});
