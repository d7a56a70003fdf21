import { describe, expect, it } from "vitest";
import { decodeSecretValue, encodePlainSecret, encodeSecretData, sameSecretContent } from "./secret-content";

describe("secret content", () => {
  it("base64-encodes plain values and keeps #base64 values as given", () => {
    expect(
      encodeSecretData([
        { key: "foo", value: "bar", encoded: false },
        { key: "raw", value: "d29ybGQ=", encoded: true },
        { key: "bin", value: new Uint8Array([0, 255]), encoded: false },
      ]),
    ).toEqual({ foo: "YmFy", raw: "d29ybGQ=", bin: "AP8=" });
  });

  it("validates keys: lowercase, starts with a letter, >= 3 chars, single hyphens", () => {
    for (const ok of ["abc", "api-key", "a1b", "a-1-b"])
      expect(() => encodePlainSecret({ [ok]: "x" })).not.toThrow();
    for (const bad of ["ab", "1ab", "Abc", "a--b", "abc-", "a_b"]) {
      expect(() => encodePlainSecret({ [bad]: "x" })).toThrow(`key "${bad}" not valid`);
    }
  });

  it("decodes like Go and compares content regardless of key order", () => {
    expect(decodeSecretValue("aGk=")).toBe("hi");
    expect(() => decodeSecretValue("a$")).toThrow("illegal base64 data at input byte 1");
    expect(sameSecretContent({ a: "1", b: "2" }, { b: "2", a: "1" })).toBe(true);
    expect(sameSecretContent({ a: "1" }, { a: "1", b: "2" })).toBe(false);
  });
});
