import { describe, expect, it } from "vitest";
import { InvalidConfigFileError, parseConfigDocument, writeConfigDocument } from "./config-document";

const parse = (text: string) => parseConfigDocument(text, "/config/config.xml", "Radarr");

describe("config.xml as the apps load it", () => {
  it("reads each child of <Config>, entities and CDATA decoded, comments and declarations skipped", () => {
    expect(
      parse(
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- c -->\n<Config>\n  <Port>7878</Port>\n' +
          "  <UrlBase />\n  <InstanceName>Radarr &amp; co</InstanceName>\n  <X><![CDATA[a<b]]></X>\n</Config>\n",
      ),
    ).toEqual([
      ["Port", "7878"],
      ["UrlBase", ""],
      ["InstanceName", "Radarr & co"],
      ["X", "a<b"],
    ]);
  });

  it.each([
    ["", "the file is empty"],
    ["\u0001\u0002", "the file is empty"],
    ["<Settings/>", "the root element is <Settings>"],
    ["<Config><Port>1</Config>", "an unexpected </Config>"],
    ["<Config/><Config/>", "more than one root element"],
    ["<Config><A>&nope;</A></Config>", "an unescaped '&'"],
    ["<Config><A>1</A>", "<Config> is not closed"],
    ["junk", "data at the root level"],
  ])("refuses %j, so the app would not start", (text, reason) => {
    expect(() => parse(text)).toThrow(InvalidConfigFileError);
    expect(() => parse(text)).toThrow(
      `/config/config.xml is corrupt or invalid (${reason}). Please delete the config file and Radarr will recreate it.`,
    );
  });

  it("writes XDocument.ToString(): two spaces, no declaration, no final newline, text escaped", () => {
    expect(
      writeConfigDocument([
        ["Port", "7878"],
        ["UrlBase", ""],
        ["InstanceName", "a<b>&c"],
      ]),
    ).toBe(
      "<Config>\n  <Port>7878</Port>\n  <UrlBase></UrlBase>\n  <InstanceName>a&lt;b&gt;&amp;c</InstanceName>\n</Config>",
    );
    expect(writeConfigDocument([])).toBe("<Config />");
  });
});
