import { describe, expect, it } from "vitest";
import { REDACTED, SecretRedactor } from "./secret-redactor";

describe("SecretRedactor", () => {
  it("removes every registered value, raw and JSON-escaped", () => {
    const redactor = new SecretRedactor();
    redactor.add('s3cr3t-"quoted"');
    redactor.add("abcdef0123456789");
    const line = JSON.stringify({ msg: 'key abcdef0123456789 and s3cr3t-"quoted" twice abcdef0123456789' });
    const out = redactor.redact(line);
    expect(out).not.toContain("abcdef0123456789");
    expect(out).not.toContain("s3cr3t");
    expect(out.split(REDACTED)).toHaveLength(4);
  });

  it("removes a longer value whole when it contains a shorter one", () => {
    const redactor = new SecretRedactor();
    redactor.add("pass");
    redactor.add("password-1234");
    expect(redactor.redact("x password-1234 y")).toBe(`x ${REDACTED} y`);
  });

  it("ignores values too short to be secrets", () => {
    const redactor = new SecretRedactor();
    redactor.add("a");
    expect(redactor.size).toBe(0);
    expect(redactor.redact("a cat")).toBe("a cat");
  });
});
