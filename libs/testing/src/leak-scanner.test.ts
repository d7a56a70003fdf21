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
