import { describe, expect, it } from "vitest";
import { formatJson, formatSmart, formatYaml } from "./formatters";
import { goQuote } from "./go-quote";
import { GoFloat, GoNilMap, GoStrings, GoStruct } from "./go-value";

describe("smart", () => {
  it("prints strings as they are and nothing for empty strings or nil", () => {
    expect(formatSmart("hello")).toBe("hello\n");
    expect(formatSmart("")).toBe("");
    expect(formatSmart(null)).toBe("");
  });

  it("prints []string one per line and bools as True/False", () => {
    expect(formatSmart(new GoStrings(["a/0", "a/1"]))).toBe("a/0\na/1\n");
    expect(formatSmart(new GoStrings([]))).toBe("");
    expect(formatSmart(new GoStrings(null))).toBe("");
    expect(formatSmart(true)).toBe("True\n");
    expect(formatSmart(false)).toBe("False\n");
  });

  it("falls back to YAML for everything else", () => {
    expect(formatSmart(3)).toBe("3\n");
    expect(formatSmart({ b: "2", a: 1 })).toBe('a: 1\nb: "2"\n');
    expect(formatSmart(new GoNilMap())).toBe("{}\n");
    expect(formatSmart(["x", 1])).toBe("- x\n- 1\n");
  });
});

describe("yaml (yaml.v2)", () => {
  it("prints nothing for nil and [] / {} for empty collections", () => {
    expect(formatYaml(null)).toBe("");
    expect(formatYaml(new GoStrings(null))).toBe("[]\n");
    expect(formatYaml({})).toBe("{}\n");
  });

  it("sorts map keys but keeps struct field order, and keeps sequences flush with their key", () => {
    const value = {
      z: new GoStruct([
        ["second", 2],
        ["first", 1],
      ]),
      a: new GoStrings(["v", "w"]),
    };
    expect(formatYaml(value)).toBe("a:\n- v\n- w\nz:\n  second: 2\n  first: 1\n");
  });

  it("nests maps inside sequences", () => {
    expect(formatYaml([{ b: 1, a: 2 }, [3]])).toBe("- a: 2\n  b: 1\n- - 3\n");
  });

  it("quotes strings that would read back as another type", () => {
    const quoted = [
      "",
      "true",
      "yes",
      "no",
      "on",
      "null",
      "~",
      "12",
      "1.5",
      "0x1f",
      "1e3",
      "12:30",
      "2025-01-01",
    ];
    for (const text of quoted) expect(formatYaml(text)).toBe(`"${text}"\n`);
    expect(formatYaml("2025-01-01 00:00:00Z")).toBe('"2025-01-01 00:00:00Z"\n');
  });

  it("single-quotes strings that cannot be plain, double-quotes control characters", () => {
    expect(formatYaml("a: b")).toBe("'a: b'\n");
    expect(formatYaml("- x")).toBe("'- x'\n");
    expect(formatYaml("#x")).toBe("'#x'\n");
    expect(formatYaml(" padded")).toBe("' padded'\n");
    expect(formatYaml("it's: x")).toBe("'it''s: x'\n");
    expect(formatYaml("bell\u0007")).toBe('"bell\\x07"\n');
    expect(formatYaml("a-b:c d#e")).toBe("a-b:c d#e\n");
  });

  it("writes multi-line strings as literal blocks", () => {
    expect(formatYaml({ key: "one\ntwo" })).toBe("key: |-\n  one\n  two\n");
    expect(formatYaml({ key: "one\n" })).toBe("key: |\n  one\n");
  });

  it("prints floats with Go's %g and times as RFC 3339", () => {
    expect(formatYaml(new GoFloat(1.5))).toBe("1.5\n");
    expect(formatYaml(new GoFloat(2))).toBe("2\n");
    expect(formatYaml(new GoFloat(1e6))).toBe("1e+06\n");
    expect(formatYaml(new GoFloat(0.00001))).toBe("1e-05\n");
    expect(formatYaml(new Date("2025-01-01T00:00:00.000Z"))).toBe("2025-01-01T00:00:00Z\n");
    expect(formatYaml(new Date("2025-01-01T00:00:00.500Z"))).toBe("2025-01-01T00:00:00.5Z\n");
  });
});

describe("json (encoding/json)", () => {
  it("prints null for nil and for nil slices and maps, [] and {} for empty ones", () => {
    expect(formatJson(null)).toBe("null\n");
    expect(formatJson(new GoStrings(null))).toBe("null\n");
    expect(formatJson(new GoNilMap())).toBe("null\n");
    expect(formatJson(new GoStrings([]))).toBe("[]\n");
    expect(formatJson({})).toBe("{}\n");
  });

  it("is compact, sorts map keys, keeps struct order", () => {
    expect(formatJson({ b: 1, a: [true, "x"] })).toBe('{"a":[true,"x"],"b":1}\n');
    expect(
      formatJson(
        new GoStruct([
          ["z", 1],
          ["a", 2],
        ]),
      ),
    ).toBe('{"z":1,"a":2}\n');
  });

  it("escapes <, > and & like Go", () => {
    expect(formatJson("<a&b>")).toBe('"\\u003ca\\u0026b\\u003e"\n');
  });

  it("prints time as an RFC 3339 string", () => {
    expect(formatJson(new Date("2025-01-02T03:04:05Z"))).toBe('"2025-01-02T03:04:05Z"\n');
  });
});

describe("goQuote", () => {
  it("escapes like strconv.Quote", () => {
    expect(goQuote('a"b\\c\n\t\u0001é')).toBe('"a\\"b\\\\c\\n\\t\\x01é"');
  });
});
