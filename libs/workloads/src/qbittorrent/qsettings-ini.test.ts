import { describe, expect, it } from "vitest";
import { QSettingsIni } from "./qsettings-ini";

const FILE = [
  "[BitTorrent]",
  "Session\\DHTEnabled=false",
  "Session\\Port=38681",
  "",
  "[Meta]",
  "MigrationVersion=4",
  "",
  "[Preferences]",
  "; a comment with = in it",
  "WebUI\\Port=8080",
  "WebUI\\ServerDomains=*",
  "",
].join("\n");

describe("QSettingsIni", () => {
  it("reads sections and keys as QSettings does", () => {
    const ini = QSettingsIni.parse(FILE);
    expect(ini.sections()).toEqual(["BitTorrent", "Meta", "Preferences"]);
    expect(ini.keys("Preferences")).toEqual(["WebUI\\Port", "WebUI\\ServerDomains"]);
    expect(ini.raw("BitTorrent", "Session\\Port")).toBe("38681");
    expect(ini.value("Preferences", "WebUI\\Port")).toEqual({ type: "string", value: "8080" });
    expect(ini.raw("Preferences", "WebUI\\Missing")).toBeUndefined();
    expect(ini.raw("Meta", "WebUI\\Port")).toBeUndefined();
  });

  it("round-trips byte for byte, CRLF and a missing final newline included", () => {
    for (const text of [FILE, FILE.replaceAll("\n", "\r\n"), FILE.trimEnd(), "", "\n\n"]) {
      expect(QSettingsIni.parse(text).toString()).toBe(text);
    }
  });

  it("returns the same document when nothing changes (decoded values compared)", () => {
    const ini = QSettingsIni.parse('[Preferences]\nWebUI\\Address="127.0.0.1"\n');
    expect(ini.with([{ section: "Preferences", key: "WebUI\\Address", text: "127.0.0.1" }])).toBe(ini);
  });

  it("replaces in place, inserts after the section's last key, appends new sections", () => {
    const ini = QSettingsIni.parse(FILE).with([
      { section: "Preferences", key: "WebUI\\Port", text: "9090" },
      { section: "BitTorrent", key: "Session\\LSDEnabled", text: "false" },
      { section: "LegalNotice", key: "Accepted", text: "true" },
    ]);
    expect(ini.toString()).toBe(
      [
        "[BitTorrent]",
        "Session\\DHTEnabled=false",
        "Session\\Port=38681",
        "Session\\LSDEnabled=false",
        "",
        "[Meta]",
        "MigrationVersion=4",
        "",
        "[Preferences]",
        "; a comment with = in it",
        "WebUI\\Port=9090",
        "WebUI\\ServerDomains=*",
        "",
        "[LegalNotice]",
        "Accepted=true",
        "",
      ].join("\n"),
    );
  });

  it("keeps CRLF for inserted lines and terminates a last line that had no newline", () => {
    const ini = QSettingsIni.parse("[A]\r\nx=1").with([
      { section: "A", key: "y", text: "2" },
      { section: "B", key: "z", text: "3" },
    ]);
    expect(ini.toString()).toBe("[A]\r\nx=1\r\ny=2\r\n\r\n[B]\r\nz=3\r\n");
  });

  it("reads the last of repeated keys and merged sections; setting one removes its repeats", () => {
    const text = "[P]\nk=1\n[Q]\na=b\n[P]\nk=2\nother=x\n";
    const ini = QSettingsIni.parse(text);
    expect(ini.raw("P", "k")).toBe("2");
    expect(ini.with([{ section: "P", key: "k", text: "3" }]).toString()).toBe(
      "[P]\n[Q]\na=b\n[P]\nk=3\nother=x\n",
    );
    expect(ini.with([{ section: "P", key: "k", text: undefined }]).toString()).toBe(
      "[P]\n[Q]\na=b\n[P]\nother=x\n",
    );
  });

  it("treats an unquoted ; as the start of a comment, and a quoted one as text", () => {
    const ini = QSettingsIni.parse('[P]\na=x ; note\nb="x;y"\nc=\\;z\n');
    expect(ini.value("P", "a")).toEqual({ type: "string", value: "x" });
    expect(ini.value("P", "b")).toEqual({ type: "string", value: "x;y" });
    expect(ini.raw("P", "c")).toBe("\\;z");
  });

  it("puts keys before any header in [General]", () => {
    const ini = QSettingsIni.parse("top=1\n[P]\nk=v\n");
    expect(ini.raw("General", "top")).toBe("1");
    expect(ini.with([{ section: "General", key: "more", text: "2" }]).toString()).toBe(
      "top=1\nmore=2\n[P]\nk=v\n",
    );
  });

  it("removing a missing key changes nothing", () => {
    const ini = QSettingsIni.parse(FILE);
    expect(ini.with([{ section: "Nope", key: "k", text: undefined }])).toBe(ini);
  });
});
