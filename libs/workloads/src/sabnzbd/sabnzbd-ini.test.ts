import { describe, expect, it } from "vitest";
import { SABNZBD_OFFLINE, SabnzbdIni, SabnzbdIniError } from "./sabnzbd-ini";

// Cut from a file sabnzbdplus 3.7.1 wrote itself (a usenet server with a quoted password, a
// category whose dir needed quotes, list values, empty values).
const WRITTEN = `__version__ = 19
__encoding__ = utf-8
[misc]
host = 127.0.0.1
port = 36703
api_key = "new key,with#hash"
nzb_key = n123456789
auto_browser = 0
check_new_rel = 0
enable_broadcast = 0
selftest_host = ""
fixed_ports = 1
download_dir = /tmp/sprobe/d/inc
complete_dir = /tmp/sprobe/d/comp
host_whitelist = a.example, b.example
username = ""
password = ""
cleanup_list = ,
tv_categories = tv,
url_base = /sab & co?
local_ranges = ,
inet_exposure = 0
[servers]
[[news.example.com]]
name = news.example.com
host = news.example.com
port = 563
username = u
password = "p,w #1"
connections = 8
ssl = 1
[logging]
log_level = 1
[categories]
[[movies-radarr]]
name = movies-radarr
order = 0
pp = ""
script = Default
dir = 'movies, "x"'
priority = -100
`;

const lines = (text: string) => text.split("\n");

describe("SabnzbdIni reading", () => {
  it("reads the owned [misc] settings as SABnzbd does", () => {
    expect(SabnzbdIni.parse(WRITTEN).settings).toEqual({
      apiKey: "new key,with#hash",
      nzbKey: "n123456789",
      host: "127.0.0.1",
      port: 36703,
      hostWhitelist: ["a.example", "b.example"],
      urlBase: "/sab & co?",
      downloadDir: "/tmp/sprobe/d/inc",
      completeDir: "/tmp/sprobe/d/comp",
      inetExposure: 0,
      localRanges: [],
      checkNewRelease: false,
      autoBrowser: false,
      enableBroadcast: false,
      selftestHost: "",
      fixedPorts: true,
    });
  });

  it("reads sections, subsections and any value", () => {
    const ini = SabnzbdIni.parse(WRITTEN);
    expect(ini.sections()).toEqual(["misc", "servers", "logging", "categories"]);
    expect(ini.subsections(["servers"])).toEqual(["news.example.com"]);
    expect(ini.value(["servers", "news.example.com"], "password")).toBe("p,w #1");
    expect(ini.value(["categories", "movies-radarr"], "dir")).toBe('movies, "x"');
    expect(ini.value([], "__version__")).toBe("19");
    expect(ini.value(["misc"], "tv_categories")).toEqual(["tv"]);
    expect(ini.keys(["logging"])).toEqual(["log_level"]);
  });

  it("reads list options given as plain strings the way OptionList does", () => {
    const ini = SabnzbdIni.parse(
      '[misc]\nhost_whitelist = "a.example b.example"\nlocal_ranges = "10.0.0.0/8,x"\n',
    );
    expect(ini.settings.hostWhitelist).toEqual(["a.example", "b.example"]);
    expect(ini.settings.localRanges).toEqual(["10.0.0.0/8", "x"]);
  });

  it("reads booleans as int_conv does, and refuses a port that is not a number", () => {
    const ini = SabnzbdIni.parse("[misc]\nauto_browser = yes\nfixed_ports = 2\ncheck_new_rel = 0\n");
    expect(ini.settings).toMatchObject({ autoBrowser: false, fixedPorts: true, checkNewRelease: false });
    expect(() => SabnzbdIni.parse("[misc]\nport = http\n").settings).toThrow(SabnzbdIniError);
  });

  it("round-trips byte for byte: CRLF, a BOM, comments, no final newline", () => {
    for (const text of [
      WRITTEN,
      WRITTEN.replaceAll("\n", "\r\n"),
      `\uFEFF${WRITTEN}`,
      WRITTEN.trimEnd(),
      "# top comment\n\n[misc]\n  api_key = k  # inline\n",
      "",
    ]) {
      expect(SabnzbdIni.parse(text).toString()).toBe(text);
    }
  });

  it.each([
    ["a duplicate key", "[misc]\napi_key = a\napi_key = b\n"],
    ["a duplicate section", "[misc]\n[misc]\n"],
    ["a line that is neither", "[misc]\njust some words\n"],
    ["unbalanced brackets", "[[misc]\n"],
    ["a section nested too deep", "[misc]\n[[[deep]]]\n"],
    ["a badly quoted value", '[misc]\napi_key = "open\n'],
    ["an unclosed multi-line value", "[misc]\nnote = '''open\n"],
  ])("refuses %s, as ConfigObj does (SABnzbd would not start)", (_name, text) => {
    expect(() => SabnzbdIni.parse(text)).toThrow(SabnzbdIniError);
  });

  it("never quotes a value in its errors", () => {
    expect(() => SabnzbdIni.parse('[misc]\napi_key = "secret-key-123\n')).toThrow(/line 2/);
    expect(() => SabnzbdIni.parse('[misc]\napi_key = "secret-key-123\n')).not.toThrow(/secret-key-123/);
  });
});

describe("SabnzbdIni writing", () => {
  it("changes only the owned lines and keeps every other byte", () => {
    const ini = SabnzbdIni.parse(WRITTEN).with({
      apiKey: "0123456789abcdef0123456789abcdef",
      host: "10.1.2.3",
      port: 8080,
      hostWhitelist: ["Sabnzbd.Example.COM", "sabnzbd"],
    });
    const before = lines(WRITTEN);
    const after = lines(ini.toString());
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, index) => (line === before[index] ? [] : [line]));
    expect(changed).toEqual([
      "host = 10.1.2.3",
      "port = 8080",
      "api_key = 0123456789abcdef0123456789abcdef",
      "host_whitelist = sabnzbd.example.com, sabnzbd",
    ]);
  });

  it("returns the same document when the values are already right", () => {
    const ini = SabnzbdIni.parse(WRITTEN);
    expect(
      ini.with({ apiKey: "new key,with#hash", port: 36703, hostWhitelist: ["a.example", "b.example"] }),
    ).toBe(ini);
    expect(ini.with({ ...SABNZBD_OFFLINE, localRanges: [], urlBase: "/sab & co?/" })).toBe(ini);
  });

  it("adds missing keys at the end of [misc], before the next section", () => {
    const ini = SabnzbdIni.parse("__version__ = 19\n[misc]\nhost = ::\n[servers]\n[[s]]\nname = s\n").with({
      apiKey: "k1",
      nzbKey: "n1",
    });
    expect(ini.toString()).toBe(
      "__version__ = 19\n[misc]\nhost = ::\napi_key = k1\nnzb_key = n1\n[servers]\n[[s]]\nname = s\n",
    );
  });

  it("adds [misc] when it is missing, after nested sections, and keeps them", () => {
    const text = "[categories]\n[[tv]]\nname = tv\ndir = tv";
    const ini = SabnzbdIni.parse(text).with({ apiKey: "k", port: 8080 });
    expect(ini.toString()).toBe(`${text}\n[misc]\napi_key = k\nport = 8080\n`);
    expect(ini.value(["categories", "tv"], "dir")).toBe("tv");
    expect(ini.settings).toEqual({ apiKey: "k", port: 8080 });
  });

  it("keeps an inline comment, the indentation and CRLF of a replaced line", () => {
    const ini = SabnzbdIni.parse("[misc]\r\n  api_key = old  # rotated by the charm\r\n").with({
      apiKey: "new",
    });
    expect(ini.toString()).toBe("[misc]\r\n  api_key = new # rotated by the charm\r\n");
  });

  it("replaces a multi-line value whole, and writes one when needed", () => {
    const ini = SabnzbdIni.parse("[misc]\nselftest_host = '''a\nb'''\nport = 1\n").with({ selftestHost: "" });
    expect(ini.toString()).toBe('[misc]\nselftest_host = ""\nport = 1\n');
    const multi = SabnzbdIni.parse("[misc]\n").withValues([{ path: ["misc"], key: "notes", value: "x\ny" }]);
    expect(multi.toString()).toBe("[misc]\nnotes = '''x\ny'''\n");
    expect(multi.value(["misc"], "notes")).toBe("x\ny");
  });

  it("quotes values as ConfigObj does, so they read back the same", () => {
    const ini = SabnzbdIni.create({
      apiKey: "key,with#odd 'chars'",
      urlBase: "/sabnzbd/",
      localRanges: ["10.0.0.0/8"],
    });
    expect(ini.toString()).toBe(
      "__version__ = 19\n[misc]\napi_key = \"key,with#odd 'chars'\"\nurl_base = /sabnzbd\nlocal_ranges = 10.0.0.0/8,\n",
    );
    expect(SabnzbdIni.parse(ini.toString()).settings).toEqual({
      apiKey: "key,with#odd 'chars'",
      urlBase: "/sabnzbd",
      localRanges: ["10.0.0.0/8"],
    });
  });

  it("removes keys and edits any section", () => {
    const ini = SabnzbdIni.parse(WRITTEN).withValues([
      { path: ["misc"], key: "url_base", value: undefined },
      { path: ["logging"], key: "log_level", value: "2" },
      { path: ["servers", "news.example.com"], key: "enable", value: "0" },
    ]);
    expect(ini.value(["misc"], "url_base")).toBeUndefined();
    expect(ini.value(["logging"], "log_level")).toBe("2");
    expect(ini.toString()).toContain("ssl = 1\nenable = 0\n[logging]\nlog_level = 2\n");
    expect(() =>
      SabnzbdIni.parse(WRITTEN).withValues([{ path: ["servers", "other"], key: "x", value: "1" }]),
    ).toThrow(SabnzbdIniError);
  });

  it("creates a file for a test instance", () => {
    const text = SabnzbdIni.create({
      host: "127.0.0.1",
      port: 8080,
      apiKey: "a",
      nzbKey: "n",
      ...SABNZBD_OFFLINE,
    }).toString();
    expect(text).toBe(
      [
        "__version__ = 19",
        "[misc]",
        "host = 127.0.0.1",
        "port = 8080",
        "api_key = a",
        "nzb_key = n",
        "check_new_rel = 0",
        "auto_browser = 0",
        "enable_broadcast = 0",
        'selftest_host = ""',
        "fixed_ports = 1",
        "",
      ].join("\n"),
    );
  });

  it.each([
    [{ apiKey: "" }, /must not be empty/],
    [{ nzbKey: "  " }, /must not be empty/],
    [{ port: 0 }, /1\.\.65535/],
    [{ inetExposure: -1 }, /non-negative/],
    [{ hostWhitelist: ["ok", ""] }, /non-empty strings/],
    [{ apiKey: `'''a''' """b"""` }, /cannot be written/],
  ])("refuses to write %j", (settings, message) => {
    expect(() => SabnzbdIni.create(settings)).toThrow(message);
  });
});
