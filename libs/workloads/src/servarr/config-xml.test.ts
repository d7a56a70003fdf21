import { describe, expect, it } from "vitest";
import { ConfigXmlError, ServarrConfigXml } from "./config-xml";

// As Radarr writes it (XDocument.ToString(): two spaces, no declaration, no final newline).
const RADARR = `<Config>
  <BindAddress>*</BindAddress>
  <Port>7878</Port>
  <SslPort>9898</SslPort>
  <EnableSsl>False</EnableSsl>
  <LaunchBrowser>True</LaunchBrowser>
  <ApiKey>0123456789abcdef0123456789abcdef</ApiKey>
  <AuthenticationMethod>None</AuthenticationMethod>
  <AuthenticationRequired>Enabled</AuthenticationRequired>
  <Branch>master</Branch>
  <LogLevel>debug</LogLevel>
  <SslCertPath></SslCertPath>
  <SslCertPassword></SslCertPassword>
  <UrlBase></UrlBase>
  <InstanceName>Radarr</InstanceName>
</Config>`;

describe("ServarrConfigXml.parse", () => {
  it("holds settings it already has, byte for byte, and not ones it lacks or has otherwise", () => {
    const doc = ServarrConfigXml.parse(RADARR);
    expect(doc.holds(doc.settings)).toBe(true);
    expect(doc.holds({})).toBe(true);
    expect(doc.holds({ ...doc.settings, port: (doc.settings.port ?? 0) + 1 })).toBe(false);
    expect(doc.holds({ apiKey: "another" })).toBe(false);
    expect(ServarrConfigXml.parse("<Config />").holds({ urlBase: "/radarr" })).toBe(false);
  });

  it("reads the managed settings the way the app does", () => {
    expect(ServarrConfigXml.parse(RADARR).settings).toEqual({
      apiKey: "0123456789abcdef0123456789abcdef",
      port: 7878,
      urlBase: "",
      bindAddress: "*",
      authenticationMethod: "None",
      authenticationRequired: "Enabled",
    });
  });

  it("trims values, matches enums case-insensitively and normalises the URL base", () => {
    const doc = ServarrConfigXml.parse(
      "<Config><Port> 8989 </Port><UrlBase>sonarr/</UrlBase>" +
        "<AuthenticationMethod>forms</AuthenticationMethod>" +
        "<AuthenticationRequired>disabledforlocaladdresses</AuthenticationRequired></Config>",
    );
    expect(doc.settings).toEqual({
      port: 8989,
      urlBase: "/sonarr",
      authenticationMethod: "Forms",
      authenticationRequired: "DisabledForLocalAddresses",
    });
  });

  it("treats a blank ApiKey as missing, as the app does (it generates one)", () => {
    expect(ServarrConfigXml.parse("<Config><ApiKey>  </ApiKey></Config>").settings.apiKey).toBeUndefined();
    expect(ServarrConfigXml.parse("<Config><ApiKey/></Config>").settings.apiKey).toBeUndefined();
  });

  it("decodes entities, character references and CDATA; skips declarations, comments and a BOM", () => {
    const doc = ServarrConfigXml.parse(
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- edited by hand -->\n<Config>\n' +
        "  <!-- keep -->\n  <InstanceName>Radarr &amp; &lt;friends&gt; &#65;&#x42;</InstanceName>\n" +
        "  <UpdateScriptPath><![CDATA[/a<b>&c]]></UpdateScriptPath>\n</Config>\n",
    );
    expect(doc.value("InstanceName")).toBe("Radarr & <friends> AB");
    expect(doc.value("UpdateScriptPath")).toBe("/a<b>&c");
    expect(doc.names()).toEqual(["InstanceName", "UpdateScriptPath"]);
  });

  it.each([
    ["", "the file is empty"],
    ["   \n", "the file is empty"],
    ["<Settings></Settings>", "the root element is <Settings>, not <Config>"],
    ["<Config><Port>1</Port>", "<Config> is not closed"],
    ["<Config><Port>1</Prt></Config>", "</Prt> does not close <Port>"],
    ["<Config></Config><Config></Config>", "content after the root element"],
    ["<Config><ApiKey>a & b</ApiKey></Config>", "'&' that starts no known entity"],
    ["<Config>text</Config>", "text directly inside <Config>"],
    ["<!DOCTYPE x><Config/>", "document type declarations are not allowed"],
  ])("refuses %j as the app would", (text, message) => {
    expect(() => ServarrConfigXml.parse(text)).toThrow(ConfigXmlError);
    expect(() => ServarrConfigXml.parse(text)).toThrow(message);
  });

  it("says where the file is broken without quoting any value", () => {
    const secret = "feedfacefeedfacefeedfacefeedface";
    let error: unknown;
    try {
      ServarrConfigXml.parse(`<Config>\n  <ApiKey>${secret} & </ApiKey>\n</Config>`);
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).toBe(
      "ConfigXmlError: config.xml: '&' that starts no known entity at line 2, column 44",
    );
    expect(String(error)).not.toContain(secret);
  });

  it("refuses a Port that is not a number, like the app at start", () => {
    expect(() => ServarrConfigXml.parse("<Config><Port>80a</Port></Config>").settings).toThrow(
      "<Port> is not a number",
    );
  });

  it("refuses an unknown authentication method, naming the allowed ones", () => {
    expect(
      () =>
        ServarrConfigXml.parse("<Config><AuthenticationMethod>Oidc</AuthenticationMethod></Config>").settings,
    ).toThrow('<AuthenticationMethod> is "Oidc", not one of None, Basic, Forms, External');
  });
});

describe("ServarrConfigXml.with", () => {
  it("changes only the elements whose value differs, byte for byte elsewhere", () => {
    const next = ServarrConfigXml.parse(RADARR).with({
      apiKey: "fedcba9876543210fedcba9876543210",
      port: 7878,
      urlBase: "radarr",
    });
    expect(next.toString()).toBe(
      RADARR.replace("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210").replace(
        "<UrlBase></UrlBase>",
        "<UrlBase>/radarr</UrlBase>",
      ),
    );
  });

  it("returns the same document when nothing changes", () => {
    const doc = ServarrConfigXml.parse(RADARR);
    expect(doc.with({ port: 7878, bindAddress: "*", authenticationMethod: "None" })).toBe(doc);
  });

  it("keeps unknown elements, comments and odd formatting as they were", () => {
    const source =
      '<?xml version="1.0"?>\n<!-- top -->\n<Config>\n\t<Theme>dark</Theme>\n\t<!-- note -->\n' +
      '\t<Port attr="1" >7878</Port>\n\t<Postgres_Host>db</Postgres_Host>\n</Config>\n';
    const next = ServarrConfigXml.parse(source).with({ port: 7879 });
    expect(next.toString()).toBe(source.replace('<Port attr="1" >7878</Port>', "<Port>7879</Port>"));
  });

  it("appends missing elements in the file's indentation, before </Config>", () => {
    const next = ServarrConfigXml.parse("<Config>\n    <Branch>master</Branch>\n</Config>").with({
      urlBase: "/radarr",
      apiKey: "0123456789abcdef0123456789abcdef",
      authenticationMethod: "External",
    });
    expect(next.toString()).toBe(
      "<Config>\n    <Branch>master</Branch>\n    <ApiKey>0123456789abcdef0123456789abcdef</ApiKey>\n" +
        "    <AuthenticationMethod>External</AuthenticationMethod>\n    <UrlBase>/radarr</UrlBase>\n</Config>",
    );
  });

  it("fills an empty or self-closing root, and keeps CRLF files CRLF", () => {
    expect(ServarrConfigXml.parse("<Config />").with({ port: 1 }).toString()).toBe(
      "<Config>\n  <Port>1</Port>\n</Config>",
    );
    expect(ServarrConfigXml.parse("<Config></Config>").with({ port: 1 }).toString()).toBe(
      "<Config>\n  <Port>1</Port>\n</Config>",
    );
    expect(
      ServarrConfigXml.parse("<Config>\r\n  <Branch>x</Branch>\r\n</Config>\r\n")
        .with({ port: 2 })
        .toString(),
    ).toBe("<Config>\r\n  <Branch>x</Branch>\r\n  <Port>2</Port>\r\n</Config>\r\n");
  });

  it("sets a duplicated element once and drops its repeats", () => {
    const next = ServarrConfigXml.parse(
      "<Config>\n  <ApiKey>a</ApiKey>\n  <Port>1</Port>\n  <ApiKey>b</ApiKey>\n</Config>",
    ).with({ apiKey: "c" });
    expect(next.toString()).toBe("<Config>\n  <ApiKey>c</ApiKey>\n  <Port>1</Port>\n</Config>");
  });

  it("escapes what XML needs and round-trips it", () => {
    const next = ServarrConfigXml.parse("<Config/>").withValues(
      new Map([["InstanceName", "Radarr <&> \"'"]]),
    );
    expect(next.toString()).toContain("<InstanceName>Radarr &lt;&amp;&gt; \"'</InstanceName>");
    expect(next.value("InstanceName")).toBe("Radarr <&> \"'");
  });

  it("refuses values XML cannot carry and names that are not element names, quoting no value", () => {
    const doc = ServarrConfigXml.parse("<Config/>");
    expect(() => doc.with({ apiKey: "abc\u0001def" })).toThrow(
      "the value for <ApiKey> has a character XML cannot hold",
    );
    expect(() => doc.with({ apiKey: "abc\u0001def" })).not.toThrow("abc");
    expect(() => doc.withValues(new Map([["Bad Name", "x"]]))).toThrow('"Bad Name" is not an element name');
    expect(() => doc.with({ port: 70000 })).toThrow("Port must be an integer from 0 to 65535");
  });

  it("creates a new file in the app's layout", () => {
    expect(
      ServarrConfigXml.create({
        apiKey: "0123456789abcdef0123456789abcdef",
        port: 9696,
        bindAddress: "*",
        urlBase: "/prowlarr",
        authenticationMethod: "External",
        authenticationRequired: "DisabledForLocalAddresses",
      }).toString(),
    ).toBe(
      "<Config>\n  <BindAddress>*</BindAddress>\n  <Port>9696</Port>\n" +
        "  <ApiKey>0123456789abcdef0123456789abcdef</ApiKey>\n" +
        "  <AuthenticationMethod>External</AuthenticationMethod>\n" +
        "  <AuthenticationRequired>DisabledForLocalAddresses</AuthenticationRequired>\n" +
        "  <UrlBase>/prowlarr</UrlBase>\n</Config>",
    );
  });
});
