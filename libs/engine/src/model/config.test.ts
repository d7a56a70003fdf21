import { describe, expect, it } from "vitest";
import { coerceConfigValue, effectiveConfig } from "./config";

describe("coerceConfigValue", () => {
  it("parses strings by option type, as `juju config` does", () => {
    expect(coerceConfigValue("p", { type: "int" }, "8080")).toBe(8080);
    expect(coerceConfigValue("r", { type: "float" }, "0.5")).toBe(0.5);
    expect(coerceConfigValue("d", { type: "boolean" }, "true")).toBe(true);
    expect(coerceConfigValue("s", { type: "string" }, "x")).toBe("x");
    expect(coerceConfigValue("v", { type: "secret" }, "secret:9m4e2mr0ui3e8a215n4g")).toBe(
      "secret:9m4e2mr0ui3e8a215n4g",
    );
  });

  it("rejects values of the wrong type with Juju's text", () => {
    expect(() => coerceConfigValue("port", { type: "int" }, "abc")).toThrow(
      'option "port" expected int, got "abc"',
    );
    expect(() => coerceConfigValue("port", { type: "int" }, 1.5)).toThrow(
      'option "port" expected int, got 1.5',
    );
    expect(() => coerceConfigValue("d", { type: "boolean" }, "yes")).toThrow(
      'option "d" expected boolean, got "yes"',
    );
    expect(() => coerceConfigValue("v", { type: "secret" }, "pass")).toThrow(
      'option "v" expected secret, got "pass"',
    );
    expect(() => coerceConfigValue("s", { type: "string" }, 3)).toThrow('option "s" expected string, got 3');
  });
});

describe("effectiveConfig", () => {
  it("prefers operator values, then defaults, else null", () => {
    const options = {
      a: { type: "int" as const, default: 1 },
      b: { type: "string" as const },
      c: { type: "string" as const },
    };
    expect(effectiveConfig(options, new Map([["c", "set"]]))).toEqual({ a: 1, b: null, c: "set" });
  });
});
