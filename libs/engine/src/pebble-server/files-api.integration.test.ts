import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/pebble-server/test-support";

describe("files API", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.dispose());

  const files = (body: unknown) =>
    t.client.post<{ path: string; error?: { message: string; kind: string } }[]>("/v1/files", body);

  it("pushes with make-dirs, permissions and ownership, and pulls the bytes back", async () => {
    const content = Buffer.from([0, 1, 2, 255, 13, 10, 65]);
    const pushed = await t.client.push("/config/app/settings.bin", content, {
      "make-dirs": true,
      permissions: "640",
      user: "nobody",
      group: "nogroup",
    });
    expect(pushed).toEqual({
      type: "sync",
      "status-code": 200,
      status: "OK",
      result: [{ path: "/config/app/settings.bin" }],
    });
    const host = join(t.rootDir, "config/app/settings.bin");
    expect(readFileSync(host)).toEqual(content);
    const stat = statSync(host);
    expect(stat.mode & 0o777).toBe(0o640);
    expect(stat.uid).toBe(65534);
    expect(statSync(join(t.rootDir, "config/app")).uid).toBe(65534);

    const pulled = await t.client.pull("/config/app/settings.bin");
    expect(pulled.status).toBe(200);
    expect(pulled.contentType).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{60}$/);
    expect(pulled.files.get("/config/app/settings.bin")).toEqual(content);
    expect(pulled.response).toEqual({
      type: "sync",
      "status-code": 200,
      status: "OK",
      result: [{ path: "/config/app/settings.bin" }],
    });
  });

  it("reports per-file errors on push", async () => {
    const missingParent = await t.client.push("/nope/deeper/x.txt", "x");
    expect(missingParent.result?.[0]?.error).toEqual({
      kind: "not-found",
      message: expect.stringMatching(
        /^open \/nope\/deeper\/x\.txt\.[0-9a-f]{12}~: no such file or directory$/,
      ),
    });
    const badMode = await t.client.push("/x.txt", "x", { permissions: "rwx" });
    expect(badMode.result?.[0]?.error).toEqual({
      kind: "generic-file-error",
      message: 'permissions must be a 3-digit octal string, got "rwx"',
    });
    const badUser = await t.client.push("/x.txt", "x", { user: "no-such-user-xyz" });
    expect(badUser.result?.[0]?.error?.message).toBe(
      "cannot look up user and group: user: unknown user no-such-user-xyz",
    );
    const relative = await t.client.push("relative.txt", "x");
    expect(relative.result?.[0]?.error).toEqual({
      kind: "generic-file-error",
      message: 'paths must be absolute, got "relative.txt"',
    });
  });

  it("validates the write request", async () => {
    const short = await t.client.raw("POST", "/v1/files", "x", {
      "Content-Type": "multipart/form-data; boundary=short",
    });
    expect(JSON.parse(short.body.toString()).result).toEqual({ message: 'invalid boundary "short"' });
    expect((await files({ action: "write" })).result).toEqual({
      message: 'must use multipart with "write" action',
    });
    expect((await files({ action: "chmod" })).result).toEqual({ message: 'invalid action "chmod"' });
  });

  it("pulls with per-path errors for missing and non-regular files", async () => {
    const pulled = await t.client.pull("/missing.txt", "/config");
    expect(pulled.files.size).toBe(0);
    expect(pulled.response?.result).toEqual([
      {
        path: "/missing.txt",
        error: { kind: "not-found", message: "stat /missing.txt: no such file or directory" },
      },
      {
        path: "/config",
        error: { kind: "generic-file-error", message: 'can only read a regular file: "/config"' },
      },
    ]);
    const noAccept = await t.client.get("/v1/files?action=read&path=/x");
    expect(noAccept.result).toEqual({ message: "must accept multipart/form-data" });
  });

  it("lists directories, single entries and patterns", async () => {
    await t.client.push("/etc-app/a.conf", "aaa", { "make-dirs": true });
    await t.client.push("/etc-app/b.ini", "b");
    const listed = await t.client.get<Record<string, unknown>[]>("/v1/files?action=list&path=/etc-app");
    expect(listed.result?.map((e) => e.name)).toEqual(["a.conf", "b.ini"]);
    expect(listed.result?.[0]).toEqual({
      path: "/etc-app/a.conf",
      name: "a.conf",
      type: "file",
      size: 3,
      permissions: "644",
      "last-modified": expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      "user-id": 0,
      user: "root",
      "group-id": 0,
      group: "root",
    });
    const pattern = await t.client.get<{ name: string }[]>(
      "/v1/files?action=list&path=/etc-app&pattern=*.conf",
    );
    expect(pattern.result?.map((e) => e.name)).toEqual(["a.conf"]);
    const itself = await t.client.get<{ path: string; type: string }[]>(
      "/v1/files?action=list&path=/etc-app&itself=true",
    );
    expect(itself.result).toEqual([
      expect.objectContaining({ path: "/etc-app", type: "directory", permissions: "755" }),
    ]);
    expect(itself.result?.[0]).not.toHaveProperty("size");
    mkdirSync(join(t.rootDir, "empty"));
    expect((await t.client.get("/v1/files?action=list&path=/empty")).result).toEqual([]);
    expect(await t.client.get("/v1/files?action=list&path=/absent")).toMatchObject({
      httpStatus: 404,
      result: { kind: "not-found", message: "stat /absent: no such file or directory" },
    });
    expect((await t.client.get("/v1/files?action=list&path=etc-app")).result).toEqual({
      message: 'path must be absolute, got "etc-app"',
    });
  });

  it("makes directories with Pebble's exist and parent rules", async () => {
    const made = await files({
      action: "make-dirs",
      dirs: [
        { path: "/data/a/b", "make-parents": true, permissions: "700", user: "nobody" },
        { path: "/data/a" },
        { path: "/data/x/y" },
        { path: "/data/a", "make-parents": true },
      ],
    });
    expect(made.result).toEqual([
      { path: "/data/a/b" },
      { path: "/data/a", error: { kind: "generic-file-error", message: "mkdir /data/a: file exists" } },
      {
        path: "/data/x/y",
        error: { kind: "not-found", message: "mkdir /data/x/y: no such file or directory" },
      },
      { path: "/data/a" },
    ]);
    const stat = statSync(join(t.rootDir, "data/a/b"));
    expect([stat.mode & 0o777, stat.uid]).toEqual([0o700, 65534]);
    expect(statSync(join(t.rootDir, "data/a")).mode & 0o777).toBe(0o700);
  });

  it("removes files and directories, recursively when asked", async () => {
    await t.client.push("/trash/deep/f.txt", "x", { "make-dirs": true });
    await t.client.push("/trash/g.txt", "x");
    const removed = await files({
      action: "remove",
      paths: [
        { path: "/trash/g.txt" },
        { path: "/trash" },
        { path: "/ghost" },
        { path: "/trash", recursive: true },
        { path: "/ghost", recursive: true },
      ],
    });
    expect(removed.result).toEqual([
      { path: "/trash/g.txt" },
      {
        path: "/trash",
        error: { kind: "generic-file-error", message: "remove /trash: directory not empty" },
      },
      { path: "/ghost", error: { kind: "not-found", message: "remove /ghost: no such file or directory" } },
      { path: "/trash" },
      { path: "/ghost" },
    ]);
    expect(() => statSync(join(t.rootDir, "trash"))).toThrow();
  });

  it("never leaves the root: '..' escapes are refused and symlinks resolve inside", async () => {
    writeFileSync(join(t.rootDir, "..", "outside.txt"), "secret");
    const escaping = await t.client.push("/../outside.txt", "overwritten");
    expect(escaping.result?.[0]?.error).toEqual({
      kind: "permission-denied",
      message: 'cannot access "/../outside.txt": path escapes the container root',
    });
    expect(readFileSync(join(t.rootDir, "..", "outside.txt"), "utf8")).toBe("secret");
    expect(await t.client.get("/v1/files?action=list&path=/config/../../")).toMatchObject({
      httpStatus: 403,
      result: { kind: "permission-denied" },
    });
    const removal = await files({ action: "remove", paths: [{ path: "/../outside.txt", recursive: true }] });
    expect(removal.result?.[0]?.error?.kind).toBe("permission-denied");
    symlinkSync("/../../outside.txt", join(t.rootDir, "sneaky"));
    const pulled = await t.client.pull("/sneaky");
    expect(pulled.response?.result?.[0]?.error?.kind).toBe("not-found");
    const root = await files({ action: "remove", paths: [{ path: "/", recursive: true }] });
    expect(root.result?.[0]?.error?.message).toBe("remove /: device or resource busy");
  });
});
