import { describe, expect, it } from "vitest";
import { LeakError, LeakScanner } from "./leak-scanner";

const source = { secret: "api-key", owner: "radarr", revision: 1, key: "api-key" };

describe("LeakScanner", () => {
  it("finds a value in a text seen before or after it learned the value, once per place", () => {
    const scanner = new LeakScanner();
    scanner.inspect("stdout line 1", "using key 0123456789abcdef now");
    scanner.learn("0123456789abcdef", source);
    scanner.inspect("stdout line 2", "again 0123456789abcdef");
    scanner.inspect("stdout line 2", "again 0123456789abcdef");
    expect(scanner.findings().map((f) => f.where)).toEqual(["stdout line 1", "stdout line 2"]);
    expect(scanner.takeUnreported()).toHaveLength(2);
    expect(scanner.takeUnreported()).toEqual([]);
  });

  it("ignores values shorter than 8 characters", () => {
    const scanner = new LeakScanner();
    scanner.learn("admin12", source);
    scanner.inspect("log", "user admin12 logged in");
    expect(scanner.findings()).toEqual([]);
  });

  it("reports where and whose value, never the value", () => {
    const scanner = new LeakScanner();
    scanner.learn("s3cr3t-value-xyz", source);
    scanner.inspect("argv of juju-log in radarr/0 install", "juju-log s3cr3t-value-xyz");
    const error = new LeakError(scanner.findings());
    expect(error.message).toContain('a value of secret "api-key" (owner radarr, revision 1, key "api-key")');
    expect(error.message).toContain("argv of juju-log in radarr/0 install");
    expect(error.message).not.toContain("s3cr3t-value-xyz");
  });
});

describe("LeakScanner: encoded and partial values", () => {
  const value = "Zx9-kQ2#vL8!pW4m"; // 16 characters, with characters URL encoding changes
  const found = (text: string, v = value) => {
    const scanner = new LeakScanner();
    scanner.learn(v, source);
    scanner.inspect("place", text);
    return scanner.findings().map((f) => f.problem.replace(/^.*key "api-key"\)/, ""));
  };

  it("finds base64 at any of the three alignments inside a longer base64 text", () => {
    for (const prefix of ["", "a", "ab", "abc:", "user:"]) {
      const blob = Buffer.from(`${prefix}${value}-and-more`).toString("base64");
      expect(found(`Authorization: Basic ${blob}`)).toEqual([", base64-encoded"]);
    }
  });

  it("finds base64url, hex (either case) and URL-encoded forms", () => {
    const urlSafe = "hunter2~~~but>>>longer?";
    expect(found(`t=${Buffer.from(`x${urlSafe}`).toString("base64url")}`, urlSafe)).toEqual([
      ", base64url-encoded",
    ]);
    expect(found(`digest ${Buffer.from(value).toString("hex")}`)).toEqual([", hex-encoded"]);
    expect(found(`DIGEST ${Buffer.from(value).toString("hex").toUpperCase()}`)).toEqual([", hex-encoded"]);
    expect(found(`/login?pass=${encodeURIComponent(value)}&x=1`)).toEqual([", URL-encoded"]);
    expect(found(`pass=${encodeURIComponent(value).toLowerCase()}`)).toEqual([]); // only %xx case varies
    expect(
      found(`pass=${encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`),
    ).toEqual([", URL-encoded"]);
  });

  it("finds 12+ consecutive characters of a value of 16+, plainly or encoded; never 11, never of a shorter value", () => {
    expect(found(`prefix ${value.slice(3, 15)} suffix`)).toEqual([", in part (12+ characters)"]);
    expect(found(`prefix ${value.slice(3, 14)} suffix`)).toEqual([]);
    const hexPart = Buffer.from(value).toString("hex").slice(4, 30);
    expect(found(`x ${hexPart} y`)).toEqual([", in part (12+ characters of it hex-encoded)"]);
    const short = "Qw7-Ty4!Lp0zUi5"; // 15 characters: looked for whole only
    expect(found(`x ${short.slice(0, 14)} y`, short)).toEqual([]);
    expect(found(`x ${short} y`, short)).toEqual([""]);
  });

  it("does not flag ordinary output", () => {
    const scanner = new LeakScanner();
    scanner.learn("correct-horse-battery-staple", source);
    scanner.learn("0123456789abcdef0123", { ...source, key: "token" });
    scanner.inspect(
      "log",
      [
        "correct horse battery staple is a famous comic",
        "the battery is correct",
        "listening on http://127.0.0.1:8080/api/v3 (pid 4242)",
        "0123456789 abcdef",
        Buffer.from("a different value altogether").toString("base64"),
      ].join("\n"),
    );
    expect(scanner.findings()).toEqual([]);
  });

  it("masks values in the place it names (a key or file name that is a secret)", () => {
    const scanner = new LeakScanner();
    scanner.learn(value, source);
    scanner.inspect(`databag of app, the name of key ${JSON.stringify(value)}`, value);
    const [finding] = scanner.findings();
    expect(finding?.where).toBe('databag of app, the name of key "<secret>"');
    expect(new LeakError(scanner.findings()).message).not.toContain(value);
  });

  it("checks chunks without keeping them: a late value needs the chunks again", () => {
    const scanner = new LeakScanner();
    scanner.inspectChunk("big", `.. ${value} ..`);
    scanner.learn(value, source);
    expect(scanner.findings()).toEqual([]);
    const generation = scanner.generation;
    scanner.inspectChunk("big", `.. ${value} ..`);
    expect(scanner.findings().map((f) => f.where)).toEqual(["big"]);
    expect(generation).toBe(1);
    expect(scanner.chunkOverlap).toBeGreaterThanOrEqual(value.length * 2 - 1); // hex is longest
  });
});
