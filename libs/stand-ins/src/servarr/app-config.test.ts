import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppConfig } from "./app-config";
import { InvalidConfigFileError } from "./config-document";
import { SERVARR_PROFILES } from "./servarr-kind";
import { cleanUp, tempDir } from "./test-support";

afterEach(cleanUp);

const radarr = SERVARR_PROFILES.radarr;
const read = (dir: string) => readFileSync(join(dir, "config.xml"), "utf8");

describe("config.xml at start", () => {
  it("creates the file with the persisted defaults and a fresh 32-hex key", () => {
    const dir = tempDir();
    const config = AppConfig.load(dir, SERVARR_PROFILES.prowlarr);
    const text = read(dir);
    expect(text).toMatch(
      /^<Config>\n {2}<BindAddress>\*<\/BindAddress>\n {2}<Port>9696<\/Port>\n {2}<SslPort>6969<\/SslPort>/,
    );
    expect(text).toMatch(/<ApiKey>[0-9a-f]{32}<\/ApiKey>/);
    expect(text.endsWith("<InstanceName>Prowlarr</InstanceName>\n</Config>")).toBe(true);
    expect(config.get("ApiKey")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps what is set, adds what is missing, replaces a blank key, drops unknown elements, migrates Basic", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "config.xml"),
      "<Config><Port>1234</Port><ApiKey> </ApiKey><Junk>x</Junk><AuthenticationMethod>Basic</AuthenticationMethod>" +
        "<UrlBase>/radarr</UrlBase><Theme>dark</Theme></Config>",
    );
    const config = AppConfig.load(dir, radarr);
    const text = read(dir);
    expect(text).toContain("<Port>1234</Port>");
    expect(text).toContain("<UrlBase>/radarr</UrlBase>");
    expect(text).toContain("<AuthenticationMethod>Forms</AuthenticationMethod>");
    expect(text).toContain("<Theme>dark</Theme>");
    expect(text).not.toContain("Junk");
    expect(config.get("ApiKey")).toMatch(/^[0-9a-f]{32}$/);
    expect(text).toContain(`<ApiKey>${config.get("ApiKey")}</ApiKey>`);
  });

  it("leaves a complete file untouched", () => {
    const dir = tempDir();
    AppConfig.load(dir, radarr);
    const first = read(dir);
    AppConfig.load(dir, radarr);
    expect(read(dir)).toBe(first);
  });

  it("refuses a broken file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "config.xml"), "<Config><Port>1</Config>");
    expect(() => AppConfig.load(dir, radarr)).toThrow(InvalidConfigFileError);
  });
});

describe("config.xml while running", () => {
  it("serves values from its cache: an edit of the file is seen only after a host-config save", () => {
    const dir = tempDir();
    const config = AppConfig.load(dir, radarr);
    const before = config.get("ApiKey");
    writeFileSync(join(dir, "config.xml"), read(dir).replace(before, "fedcba9876543210fedcba9876543210"));
    expect(config.get("ApiKey")).toBe(before);
    config.save(new Map([["Port", "7878"]]));
    expect(config.get("ApiKey")).toBe("fedcba9876543210fedcba9876543210");
  });

  it("never saves the key through a host-config save, but writes other changed values", () => {
    const dir = tempDir();
    const config = AppConfig.load(dir, radarr);
    const key = config.get("ApiKey");
    config.save(
      new Map([
        ["ApiKey", "not-this-one-0000000000000000000"],
        ["LogLevel", "info"],
      ]),
    );
    expect(config.get("ApiKey")).toBe(key);
    expect(read(dir)).toContain("<LogLevel>info</LogLevel>");
    expect(read(dir)).not.toContain("not-this-one");
  });

  it("lets an environment variable beat the file, for good", () => {
    const dir = tempDir();
    const config = AppConfig.load(dir, radarr, {
      RADARR__AUTH__APIKEY: "from-env-0000000000000000000000",
      RADARR__SERVER__PORT: "1",
    });
    expect(config.get("ApiKey")).toBe("from-env-0000000000000000000000");
    expect(config.get("Port")).toBe("1");
    config.set("ApiKey", "written-0000000000000000000000000");
    expect(read(dir)).toContain("<ApiKey>written-0000000000000000000000000</ApiKey>");
    expect(config.get("ApiKey")).toBe("from-env-0000000000000000000000");
  });
});
