import { describe, expect, it } from "vitest";
import {
  type ConfigObjValue,
  ConfigObjValueError,
  formatConfigObjValue,
  parseConfigObjValue,
  sameConfigObjValue,
} from "./configobj-value";

// Expected outputs come from Python's configobj 5.0.8 (Debian python3-configobj, what SABnzbd
// uses): ConfigObj()._quote(value) and ConfigObj()._handle_value(text).

const QUOTED: readonly [ConfigObjValue, string][] = [
  ["plain", "plain"],
  ["", '""'],
  [" lead", '" lead"'],
  ["trail ", '"trail "'],
  ["a,b", '"a,b"'],
  ["has # hash", '"has # hash"'],
  ["it's", "it's"],
  ['say "hi"', `'say "hi"'`],
  [`both ' and "`, `'''both ' and "'''`],
  ["multi\nline", "'''multi\nline'''"],
  ["/sab & co?", "/sab & co?"],
  [["a.example", "b.example"], "a.example, b.example"],
  [[], ","],
  [["tv"], "tv,"],
  [["a,b", "c"], '"a,b", c'],
  [["x#y"], '"x#y",'],
  ["'quoted'", `"'quoted'"`],
  ["tab\tin", "tab\tin"],
  ["new key,with#hash", '"new key,with#hash"'],
];

const PARSED: readonly [string, ConfigObjValue, string | undefined][] = [
  ["a, b", ["a", "b"], undefined],
  ["a,", ["a"], undefined],
  [",", [], undefined],
  ['"x, y" # c', "x, y", "# c"],
  [`'a' , "b", c`, ["a", "b", "c"], undefined],
  ["plain # comment", "plain", "# comment"],
  ["x#y", "x", "#y"],
  ["", "", undefined],
  ['"" ', "", undefined],
  ["a b  c", "a b  c", undefined],
  ["a,b,", ["a", "b"], undefined],
];

describe("ConfigObj values", () => {
  it.each(QUOTED)("writes %j as configobj does", (value, text) => {
    expect(formatConfigObjValue(value)).toBe(text);
  });

  it.each(
    QUOTED.filter(([, text]) => !text.includes("\n")),
  )("reads back what it wrote: %j", (value, text) => {
    expect(parseConfigObjValue(text).value).toEqual(value);
  });

  it.each(PARSED)("reads %j as configobj does", (text, value, comment) => {
    expect(parseConfigObjValue(text)).toEqual({ value, comment, lines: 0 });
  });

  it.each(['"unterminated', "a, , b", '"a"b'])("refuses %j, as configobj does", (text) => {
    expect(() => parseConfigObjValue(text)).toThrow(ConfigObjValueError);
  });

  it("reads triple-quoted values on one line and across lines", () => {
    expect(parseConfigObjValue(`'''both ' and "''' # note`)).toEqual({
      value: `both ' and "`,
      comment: "# note",
      lines: 0,
    });
    expect(parseConfigObjValue("'''multi", ["line", "end''' # c", "next = 1"])).toEqual({
      value: "multi\nline\nend",
      comment: "# c",
      lines: 2,
    });
    expect(() => parseConfigObjValue('"""never', ["closed"])).toThrow(/not closed/);
  });

  it("refuses what configobj cannot write", () => {
    expect(() => formatConfigObjValue(`'''a''' """b"""`)).toThrow(ConfigObjValueError);
    expect(() => formatConfigObjValue([`'a"`])).toThrow(ConfigObjValueError);
    expect(() => formatConfigObjValue(["two\nlines"])).toThrow(ConfigObjValueError);
  });

  it("compares values as configobj types them", () => {
    expect(sameConfigObjValue("a", "a")).toBe(true);
    expect(sameConfigObjValue(["a"], "a")).toBe(false);
    expect(sameConfigObjValue(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameConfigObjValue(["a", "b"], ["b", "a"])).toBe(false);
  });
});
