import { describe, expect, it } from "vitest";
import {
  decodeQSettingsValue,
  encodeQSettingsBytes,
  encodeQSettingsList,
  encodeQSettingsString,
  qsettingsText,
} from "./qsettings-value";

// The vectors on the right are what qbittorrent-nox 4.5.2 (Qt 5) wrote into its own
// qBittorrent.conf after setPreferences with the values on the left.
const WRITTEN_BY_THE_APP: readonly [string, string][] = [
  ['@ü \\a,b "q";=x\t1 ', '"@@\\xfc \\\\a,b \\"q\\";=x\\t1 "'],
  ["/tmp/qprobe/dl,x=1", '"/tmp/qprobe/dl,x=1"'],
  ["a.example;b.example", '"a.example;b.example"'],
  ["127.0.0.1", "127.0.0.1"],
  ["charm", "charm"],
];

describe("QSettings values", () => {
  it.each(WRITTEN_BY_THE_APP)("encodes %j exactly as the app wrote it", (value, text) => {
    expect(encodeQSettingsString(value)).toBe(text);
    expect(decodeQSettingsValue(text)).toEqual({ type: "string", value });
  });

  it("writes the password hash as qBittorrent does: a quoted @ByteArray", () => {
    expect(encodeQSettingsBytes("AAEC+/8=:ZZ==")).toBe('"@ByteArray(AAEC+/8=:ZZ==)"');
    expect(decodeQSettingsValue('"@ByteArray(AAEC+/8=:ZZ==)"')).toEqual({
      type: "bytes",
      value: "AAEC+/8=:ZZ==",
    });
    // Unquoted works too (tested against the app, §1.4).
    expect(decodeQSettingsValue("@ByteArray(AAEC+/8=:ZZ==)")).toEqual({
      type: "bytes",
      value: "AAEC+/8=:ZZ==",
    });
  });

  it("escapes beyond ASCII as UTF-16 units, and a hex digit right after an escape", () => {
    expect(encodeQSettingsString("üa")).toBe("\\xfc\\x61");
    expect(encodeQSettingsString("ü.")).toBe("\\xfc.");
    expect(encodeQSettingsString("🔑")).toBe("\\xd83d\\xdd11");
    expect(encodeQSettingsString("a\u0000b")).toBe("a\\0\\x62");
    for (const value of ["üa", "ü.", "🔑 key", "a\u0000b", "tab\there", "\u0001\u007f"]) {
      expect(decodeQSettingsValue(encodeQSettingsString(value))).toEqual({ type: "string", value });
    }
  });

  it("also reads raw UTF-8 (what Qt 6, qBittorrent 5.x, writes)", () => {
    expect(decodeQSettingsValue("pässwörd")).toEqual({ type: "string", value: "pässwörd" });
  });

  it("quotes leading and trailing spaces, and trims them when unquoted", () => {
    expect(encodeQSettingsString(" x ")).toBe('" x "');
    expect(decodeQSettingsValue('" x "')).toEqual({ type: "string", value: " x " });
    expect(decodeQSettingsValue("  x  ")).toEqual({ type: "string", value: "x" });
    // A trailing space an escape produced is kept.
    expect(decodeQSettingsValue("x\\t ")).toEqual({ type: "string", value: "x\t" });
  });

  it("doubles a leading @ and reads it back", () => {
    expect(encodeQSettingsString("@admin")).toBe("@@admin");
    expect(decodeQSettingsValue("@@admin")).toEqual({ type: "string", value: "@admin" });
  });

  it("reads bare commas as a string list, as QSettings does", () => {
    expect(decodeQSettingsValue("10.0.0.0/8, ::1/128")).toEqual({
      type: "list",
      values: ["10.0.0.0/8", "::1/128"],
    });
    expect(decodeQSettingsValue('"a,b", c')).toEqual({ type: "list", values: ["a,b", "c"] });
    expect(encodeQSettingsList(["10.0.0.0/8", "::1/128"])).toBe("10.0.0.0/8, ::1/128");
    expect(encodeQSettingsList(["a,b", "c"])).toBe('"a,b", c');
    expect(encodeQSettingsList([])).toBe("@Invalid()");
    expect(decodeQSettingsValue("@Invalid()")).toEqual({ type: "invalid" });
  });

  it("decodes C and octal escapes and drops unknown ones", () => {
    expect(decodeQSettingsValue("a\\nb\\101\\q")).toEqual({ type: "string", value: "a\nbA" });
    expect(decodeQSettingsValue("")).toEqual({ type: "string", value: "" });
  });

  it("keeps other typed values as text", () => {
    expect(decodeQSettingsValue("@Variant(\\0\\0\\0\\x7f)")).toMatchObject({ type: "variant" });
    expect(qsettingsText({ type: "variant", text: "@Variant()" })).toBeUndefined();
    expect(qsettingsText({ type: "list", values: ["one"] })).toBe("one");
    expect(qsettingsText({ type: "bytes", value: "b" })).toBe("b");
  });
});
