import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ContainerFilesystem, PathEscapeError } from "./container-filesystem";
import { formField, MultipartWriter, parseMediaType, parseMultipart } from "./multipart";
import { pathMatch } from "./path-match";

describe("ContainerFilesystem", () => {
  const host = mkdtempSync(join(tmpdir(), "container-fs-"));
  const root = join(host, "root");
  const system = join(host, "system-usr");
  mkdirSync(join(root, "config"), { recursive: true });
  mkdirSync(join(system, "bin"), { recursive: true });
  writeFileSync(join(root, "config", "app.ini"), "x");
  symlinkSync("/etc/passwd", join(root, "config", "abs-link"));
  symlinkSync("../../../../outside", join(root, "config", "climbing-link"));
  symlinkSync("usr/bin", join(root, "bin"));
  const fs = new ContainerFilesystem(root, [{ containerPath: "/usr", hostPath: system, readOnly: true }]);
  afterAll(() => rmSync(host, { recursive: true, force: true }));

  it("maps container paths under the root", () => {
    expect(fs.resolve("/config/app.ini").hostPath).toBe(join(root, "config/app.ini"));
    expect(fs.resolve("/config/./sub/../app.ini").containerPath).toBe("/config/app.ini");
  });

  it("rejects paths that climb out of the root", () => {
    expect(() => fs.resolve("/../etc/passwd")).toThrow(PathEscapeError);
    expect(() => fs.resolve("/config/../../x")).toThrow(
      'cannot access "/config/../../x": path escapes the container root',
    );
  });

  it("follows symlinks inside the container, never to the host", () => {
    expect(fs.resolve("/config/abs-link").hostPath).toBe(join(root, "etc/passwd"));
    expect(fs.resolve("/config/climbing-link").hostPath).toBe(join(root, "outside"));
    expect(fs.resolve("/config/abs-link", false).hostPath).toBe(join(root, "config/abs-link"));
  });

  it("sees mounts, through symlinks too, and marks them read-only", () => {
    expect(fs.resolve("/bin/sh")).toEqual({
      containerPath: "/usr/bin/sh",
      hostPath: join(system, "bin/sh"),
      readOnly: true,
    });
    expect(() => fs.resolveWritable("/usr/bin/x", "open")).toThrow("open /usr/bin/x: read-only file system");
  });
});

describe("path.Match", () => {
  it.each([
    ["*.conf", "a.conf", true],
    ["*.conf", "a.ini", false],
    ["?.txt", "ab.txt", false],
    ["[a-c]*", "beta", true],
    ["[^a-c]*", "beta", false],
    ["\\*", "*", true],
  ])("%s matches %s: %s", (pattern, name, expected) => {
    expect(pathMatch(pattern, name)).toBe(expected);
  });

  it("rejects malformed patterns", () => {
    expect(() => pathMatch("[", "x")).toThrow("syntax error in pattern");
    expect(() => pathMatch("[]", "x")).toThrow("syntax error in pattern");
  });
});

describe("multipart", () => {
  it("round-trips parts written like Go's multipart.Writer", () => {
    const writer = new MultipartWriter();
    writer.addFile("files", '/a "b".txt', Buffer.from("line1\r\nline2"));
    writer.addJson("response", { ok: true });
    const parts = parseMultipart(writer.finish(), writer.boundary);
    expect(parts.map(formField)).toEqual([
      { name: "files", filename: '/a "b".txt' },
      { name: "response", filename: "" },
    ]);
    expect(parts[0]?.body.toString()).toBe("line1\r\nline2");
    expect(parts[1]?.body.toString()).toBe('{"ok":true}\n');
  });

  it("parses media types with quoted parameters", () => {
    expect(parseMediaType('multipart/form-data; boundary="abc;def"')).toEqual({
      mediaType: "multipart/form-data",
      params: { boundary: "abc;def" },
    });
  });
});
