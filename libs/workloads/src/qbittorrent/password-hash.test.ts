import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createPasswordHash,
  formatPasswordHash,
  parsePasswordHash,
  passwordHashFor,
  verifyPasswordHash,
} from "./password-hash";

// Known vectors:
// - qbittorrent-nox 4.5.2 carries the hash of its default password `adminadmin` in the binary
//   (`strings /usr/bin/qbittorrent-nox`); it is what the app uses without Password_PBKDF2
//   (specs/workloads.md §1.4).
// - Fixed-salt hashes computed independently with Python's hashlib.pbkdf2_hmac("sha512", pw,
//   bytes(range(16)), 100000, 64).
const ADMINADMIN_DEFAULT =
  "@ByteArray(ARQ77eY1NUZaQsuDHbIMCA==:0WMRkYTUWVT9wVvdDtHAjU9b3b7uB8NR1Gur2hmQCvCDpm39Q+PsJRJPaCU51dEiz+dTzh8qbPsL8WkFljQYFQ==)";
const SALT = Buffer.from([...Array(16).keys()]);
const VECTORS: readonly [string, string][] = [
  [
    "adminadmin",
    "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:UC4grCR8uxnR4Gzyoule02IP9X8mRb7SaEfCylvs19kyzc76Vdb/0xQlSKu43sz2Dl4vz2SIZymUO3PvTxIfVQ==)",
  ],
  [
    "charmarr-Secret_42",
    "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:bulj/vLSFN59zHU6x5cc/e0ndcyF3IGy1k873hzp+eYvq2Ls52DxXixZr4IQlcxkxCRO/nREMr292diSS8tq9g==)",
  ],
  [
    "pässwörd 🔑",
    "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:z1N0LpkjBIqj9G3x1ti/dXv8WYigOofp62+uTe8N0tvEUJK3TuPxjnVNMH98goZI+/vAzcTbHkg6cZgaSQqMnQ==)",
  ],
  [
    "",
    "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:Ri27M904HpNULjpcs11u/TuGQepdsQ1PvCSXUrWeXgXMtyeSyWI9K9AvqmBXGD2FG/Hl6JCsCZIEZ+UNDc/Zug==)",
  ],
];

describe("qBittorrent password hash", () => {
  it("uses PBKDF2-HMAC-SHA512 as node:crypto computes it (RFC-style vector, 1 iteration)", () => {
    // The primitive itself, so a wrong digest or key length could not hide behind our own vectors.
    expect(pbkdf2Sync("password", "salt", 1, 64, "sha512").toString("hex")).toBe(
      "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252" +
        "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce",
    );
  });

  it("verifies the default hash shipped in qbittorrent-nox 4.5.2", async () => {
    expect(await verifyPasswordHash("adminadmin", ADMINADMIN_DEFAULT)).toBe(true);
    expect(await verifyPasswordHash("adminadmiN", ADMINADMIN_DEFAULT)).toBe(false);
  });

  it.each(
    VECTORS,
  )("creates the known hash of %j with a fixed salt, and verifies it", async (password, hash) => {
    expect(await createPasswordHash(password, SALT)).toBe(hash);
    expect(await verifyPasswordHash(password, hash)).toBe(true);
    expect(await verifyPasswordHash(`${password}x`, hash)).toBe(false);
  });

  it("creates a fresh 16-byte salt each time, in the app's exact layout", async () => {
    const [a, b] = await Promise.all([createPasswordHash("same"), createPasswordHash("same")]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^@ByteArray\([A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]{86}==\)$/);
    expect(await verifyPasswordHash("same", a)).toBe(true);
    expect(await verifyPasswordHash("same", b)).toBe(true);
  });

  it("accepts the quoted and the unwrapped forms, as the app does", async () => {
    const [, hash] = VECTORS[1] as [string, string];
    expect(await verifyPasswordHash("charmarr-Secret_42", `"${hash}"`)).toBe(true);
    expect(await verifyPasswordHash("charmarr-Secret_42", ` ${hash} `)).toBe(true);
    const bare = hash.slice("@ByteArray(".length, -1);
    expect(await verifyPasswordHash("charmarr-Secret_42", bare)).toBe(true);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not a hash", "not-a-valid-hash"],
    ["no key", "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:)"],
    ["unbalanced wrapper", "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:UC4g"],
    ["one quote", '"@ByteArray(AAECAwQFBgcICQoLDA0ODw==:UC4grCR8)'],
    ["old MD5 style", "f6fdffe48c908deb0f4c3bd36c032e72"],
  ])("refuses a %s value without throwing", async (_name, stored) => {
    expect(await verifyPasswordHash("adminadmin", stored)).toBe(false);
    if (stored !== undefined) expect(parsePasswordHash(stored)).toBeUndefined();
  });

  it("round-trips parse and format", () => {
    const [, hash] = VECTORS[0] as [string, string];
    const parts = parsePasswordHash(hash);
    expect(parts?.salt).toEqual(SALT);
    expect(parts?.key.length).toBe(64);
    expect(formatPasswordHash(parts as NonNullable<typeof parts>)).toBe(hash);
  });

  it("passwordHashFor keeps a matching hash (no re-salting) and replaces anything else", async () => {
    const [password, hash] = VECTORS[1] as [string, string];
    expect(await passwordHashFor(password, hash)).toBe(hash);
    expect(await passwordHashFor(password, `"${hash}"`)).toBe(hash);
    const replaced = await passwordHashFor("other", hash);
    expect(replaced).not.toBe(hash);
    expect(await verifyPasswordHash("other", replaced)).toBe(true);
    expect(await verifyPasswordHash("x", await passwordHashFor("x", undefined))).toBe(true);
    expect(await verifyPasswordHash("x", await passwordHashFor("x", "garbage"))).toBe(true);
  });
});
