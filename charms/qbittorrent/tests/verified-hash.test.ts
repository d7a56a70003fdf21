import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VERIFIED_HASH_FILE, verifiedHashes } from "../src/verified-hash";

const STORED = "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:bulj/vLSFN59zHU6x5cc/e0ndcyF3IGy1k873hzp+eYv==)";
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "verified-hash-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the verified-hash memo", () => {
  it("remembers a proof across hooks for the same secret revision, username and stored hash only", () => {
    const rev3 = { id: "ctq8b07o819slkigj7fg", revision: 3 };
    verifiedHashes(dir, rev3, "charm").add(STORED);
    // A later hook (a new memo over the same file) takes it.
    expect(verifiedHashes(dir, rev3, "charm").has(STORED)).toBe(true);
    // Anything else changed: derive again.
    expect(verifiedHashes(dir, { ...rev3, revision: 4 }, "charm").has(STORED)).toBe(false);
    expect(verifiedHashes(dir, { ...rev3, id: "other" }, "charm").has(STORED)).toBe(false);
    expect(verifiedHashes(dir, rev3, "admin").has(STORED)).toBe(false);
    expect(verifiedHashes(dir, rev3, "charm").has(`${STORED} `)).toBe(false);
  });

  it("keeps one digest at mode 0600: not the stored hash, nothing that logs in", () => {
    verifiedHashes(dir, { id: "x", revision: 1 }, "charm").add(STORED);
    const path = join(dir, VERIFIED_HASH_FILE);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect(text).not.toContain("bulj");
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("without a charm dir remembers nothing and never fails the check", () => {
    const memo = verifiedHashes(join(dir, "missing"), { id: "x", revision: 1 }, "charm");
    memo.add(STORED);
    expect(memo.has(STORED)).toBe(false);
  });
});
