import { describe, expect, it } from "vitest";
import { credentialFingerprint, newFingerprintSalt } from "./credential-fingerprint";

const fields = (password: string) => [
  { name: "host", value: "127.0.0.1" },
  { name: "username", value: "charm" },
  { name: "password", value: password },
];

describe("credentialFingerprint", () => {
  const salt = newFingerprintSalt();

  it("is stable for the same credential and ignores the other fields and their order", () => {
    const a = credentialFingerprint(salt, fields("correct-horse-battery"));
    const b = credentialFingerprint(salt, [...fields("correct-horse-battery")].reverse());
    const c = credentialFingerprint(salt, [
      ...fields("correct-horse-battery").filter((f) => f.name !== "host"),
      { name: "host", value: "elsewhere" },
    ]);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it("changes with the credential and with the salt", () => {
    const a = credentialFingerprint(salt, fields("correct-horse-battery"));
    expect(credentialFingerprint(salt, fields("correct-horse-staple"))).not.toBe(a);
    expect(credentialFingerprint(newFingerprintSalt(), fields("correct-horse-battery"))).not.toBe(a);
    expect(credentialFingerprint(salt, [{ name: "apiKey", value: "correct-horse-battery" }])).not.toBe(a);
  });

  it("holds nothing of the value", () => {
    const value = "0123456789abcdef0123456789abcdef";
    const print = credentialFingerprint(salt, [{ name: "apiKey", value }]);
    expect(print).toMatch(/^[0-9a-f]{32}$/);
    expect(print).not.toContain(value);
  });

  it("makes a new random salt each time", () => {
    expect(newFingerprintSalt()).toMatch(/^[0-9a-f]{32}$/);
    expect(newFingerprintSalt()).not.toBe(newFingerprintSalt());
  });
});
