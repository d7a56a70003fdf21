import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { charmDirDigest, digestOf } from "./charm-dir-digest";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "charm-dir-digest-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("charmDirDigest", () => {
  it("remembers one digest across hooks (a new memo over the same file), at mode 0600", () => {
    const digest = digestOf(["tag/1", "file text", { port: 8080 }]);
    charmDirDigest(dir, ".x-steady").remember(digest);
    expect(charmDirDigest(dir, ".x-steady").matches(digest)).toBe(true);
    expect(charmDirDigest(dir, ".x-steady").matches(digestOf(["tag/1", "file text", { port: 8081 }]))).toBe(
      false,
    );
    expect(charmDirDigest(dir, ".y-steady").matches(digest)).toBe(false);
    const path = join(dir, ".x-steady");
    expect(readFileSync(path, "utf8")).toBe(`${digest}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("a digest says nothing of what went in: hex SHA-256, different for different parts", () => {
    const digest = digestOf(["tag/1", "password=hunter2-but-longer"]);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toBe(digestOf(["tag/1", "password=hunter2-but-longer "]));
  });

  it("without a charm dir remembers nothing and never throws", () => {
    const memo = charmDirDigest(join(dir, "missing"), ".x-steady");
    memo.remember("abc");
    expect(memo.matches("abc")).toBe(false);
  });
});
