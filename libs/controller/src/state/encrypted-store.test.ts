import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findInFiles } from "../../testing";
import {
  EncryptedStore,
  loadOrCreateKey,
  StateKeyError,
  seal,
  unseal,
  writeFileAtomic,
} from "./encrypted-store";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "store-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the encrypted state store", () => {
  it("round-trips Maps, Sets and Dates, and no secret value is in any file's bytes", () => {
    const secret = randomBytes(24).toString("base64url");
    const value = {
      secrets: new Map([
        ["abc", { content: { password: Buffer.from(secret).toString("base64") }, at: new Date(5) }],
      ]),
      seen: new Set(["a", "b"]),
      plain: secret,
    };
    const store = new EncryptedStore<typeof value>(join(dir, "state.enc"), join(dir, "state.key"));
    expect(store.load()).toBeUndefined();
    store.save(value);
    const back = new EncryptedStore<typeof value>(join(dir, "state.enc"), join(dir, "state.key")).load();
    expect(back).toEqual(value);
    expect(back?.secrets.get("abc")?.at).toBeInstanceOf(Date);
    expect(findInFiles(dir, [secret])).toEqual([]);
    expect(statSync(join(dir, "state.enc")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "state.key")).mode & 0o777).toBe(0o600);
  });

  it("the plain serialization would show the value: the scan finds what is not encrypted", () => {
    const secret = randomBytes(24).toString("base64url");
    writeFileSync(
      join(dir, "plain"),
      JSON.stringify({ content: { password: Buffer.from(secret).toString("base64") } }),
    );
    expect(findInFiles(dir, [secret])).toEqual([{ file: join(dir, "plain"), value: 0, encoding: "base64" }]);
  });

  it("a wrong key fails clearly, and so does a damaged file", () => {
    const store = new EncryptedStore<object>(join(dir, "state.enc"), join(dir, "state.key"));
    store.save({ a: 1 });
    const other = new EncryptedStore<object>(join(dir, "state.enc"), join(dir, "other.key"));
    expect(() => other.load()).toThrow(StateKeyError);
    expect(() => other.load()).toThrow(/does not decrypt with this key/);
    const bytes = readFileSync(join(dir, "state.enc"));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    writeFileSync(join(dir, "state.enc"), bytes);
    expect(() => store.load()).toThrow(/does not decrypt/);
    writeFileSync(join(dir, "state.enc"), "{}");
    expect(() => store.load()).toThrow(/not an encrypted controller state/);
  });

  it("each seal has a fresh IV: the same value never gives the same bytes", () => {
    const key = randomBytes(32);
    const a = seal({ x: "same" }, key);
    const b = seal({ x: "same" }, key);
    expect(a.equals(b)).toBe(false);
    expect(unseal(a, key)).toEqual(unseal(b, key));
  });

  it("a key file of the wrong length is refused", () => {
    writeFileSync(join(dir, "short.key"), randomBytes(16), { mode: 0o600 });
    expect(() => loadOrCreateKey(join(dir, "short.key"))).toThrow(/not a 32-byte key/);
    expect(loadOrCreateKey(join(dir, "new.key"))).toHaveLength(32);
    expect(loadOrCreateKey(join(dir, "new.key")).equals(readFileSync(join(dir, "new.key")))).toBe(true);
  });
});

describe("writeFileAtomic", () => {
  it("replaces the file whole with the given mode and leaves no temp file", () => {
    const file = join(dir, "f");
    writeFileAtomic(file, "one");
    writeFileAtomic(file, "two", 0o640);
    expect(readFileSync(file, "utf8")).toBe("two");
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["f"]);
  });

  it("a failed rename leaves what was there and no temp file", () => {
    const target = join(dir, "d");
    mkdirSync(join(target, "inside"), { recursive: true });
    expect(() => writeFileAtomic(target, "new")).toThrow();
    expect(readdirSync(dir)).toEqual(["d"]);
    expect(readdirSync(target)).toEqual(["inside"]);
  });
});
