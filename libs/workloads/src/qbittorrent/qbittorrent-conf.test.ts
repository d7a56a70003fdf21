import { describe, expect, it } from "vitest";
import { createPasswordHash, verifyPasswordHash } from "./password-hash";
import {
  QBITTORRENT_OFFLINE,
  QBITTORRENT_PROTECTIONS,
  QbittorrentConf,
  QbittorrentConfError,
} from "./qbittorrent-conf";

// As qbittorrent-nox 4.5.2 rewrote a seeded profile (sorted keys, [Meta], Cookies=@Invalid()),
// with a category-like unknown section and the hash of "charmarr-Secret_42" (fixed salt).
const HASH =
  "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:bulj/vLSFN59zHU6x5cc/e0ndcyF3IGy1k873hzp+eYvq2Ls52DxXixZr4IQlcxkxCRO/nREMr292diSS8tq9g==)";
const WRITTEN = `[BitTorrent]
Session\\DHTEnabled=false
Session\\DefaultSavePath=/data/torrents
Session\\Interface=lo
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\Port=38681
Session\\QueueingSystemEnabled=false

[Meta]
MigrationVersion=4

[Network]
Cookies=@Invalid()
PortForwardingEnabled=false

[Preferences]
Connection\\ResolvePeerCountries=false
WebUI\\Address=127.0.0.1
WebUI\\AuthSubnetWhitelist=10.0.0.0/8, ::1/128
WebUI\\Password_PBKDF2="${HASH}"
WebUI\\Port=36475
WebUI\\ServerDomains="a.example;b.example"
WebUI\\Username=charmarr

[RSS]
AutoDownloader\\DownloadRepacks=true
`;

describe("QbittorrentConf reading", () => {
  it("reads the owned settings with the app's types", () => {
    expect(QbittorrentConf.parse(WRITTEN).settings).toEqual({
      username: "charmarr",
      passwordHash: HASH,
      webUiAddress: "127.0.0.1",
      webUiPort: 36475,
      serverDomains: "a.example;b.example",
      resolvePeerCountries: false,
      torrentPort: 38681,
      networkInterface: "lo",
      dht: false,
      lsd: false,
      pex: false,
      portForwarding: false,
      defaultSavePath: "/data/torrents",
    });
  });

  it("reads booleans as QVariant::toBool does", () => {
    const read = (text: string) =>
      QbittorrentConf.parse(`[BitTorrent]\nSession\\DHTEnabled=${text}\n`).settings.dht;
    expect([read("true"), read("1"), read("yes"), read("false"), read("FALSE"), read("0"), read("")]).toEqual(
      [true, true, true, false, false, false, false],
    );
  });

  it("refuses a port that is not a number instead of guessing", () => {
    const conf = QbittorrentConf.parse("[Preferences]\nWebUI\\Port=eighty\n");
    expect(() => conf.settings).toThrow(QbittorrentConfError);
    expect(conf.setting("username")).toBeUndefined();
  });

  it("checks credentials against the stored hash without any login", async () => {
    const conf = QbittorrentConf.parse(WRITTEN);
    expect(await conf.passwordMatches("charmarr-Secret_42")).toBe(true);
    expect(await conf.passwordMatches("charmarr-Secret_43")).toBe(false);
    expect(await conf.credentialsMatch({ username: "charmarr", password: "charmarr-Secret_42" })).toBe(true);
    expect(await conf.credentialsMatch({ username: "admin", password: "charmarr-Secret_42" })).toBe(false);
    expect(await QbittorrentConf.parse("").passwordMatches("adminadmin")).toBe(false);
    const malformed = QbittorrentConf.parse('[Preferences]\nWebUI\\Password_PBKDF2="not-a-valid-hash"\n');
    expect(await malformed.passwordMatches("not-a-valid-hash")).toBe(false);
  });

  it("remembers a stored hash proved to match, and trusts what the caller proved before", async () => {
    const conf = QbittorrentConf.parse(WRITTEN);
    const seen = new Set<string>();
    const verified = { has: (s: string) => seen.has(s), add: (s: string) => void seen.add(s) };
    // A refusal is not remembered; a match is, by the stored hash only.
    expect(await conf.credentialsMatch({ username: "charmarr", password: "wrong" }, verified)).toBe(false);
    expect(seen.size).toBe(0);
    expect(
      await conf.credentialsMatch({ username: "charmarr", password: "charmarr-Secret_42" }, verified),
    ).toBe(true);
    expect([...seen]).toEqual([HASH]);
    // What the caller proved for this password is taken without a derivation (the memo is the
    // caller's, scoped to one password: here it vouches for whatever it is asked with).
    expect(await conf.credentialsMatch({ username: "charmarr", password: "not derived" }, verified)).toBe(
      true,
    );
    // The username is still compared.
    expect(await conf.credentialsMatch({ username: "admin", password: "charmarr-Secret_42" }, verified)).toBe(
      false,
    );
  });

  it("gives any other key decoded", () => {
    const conf = QbittorrentConf.parse(WRITTEN);
    expect(conf.value("Preferences", "WebUI\\AuthSubnetWhitelist")).toEqual({
      type: "list",
      values: ["10.0.0.0/8", "::1/128"],
    });
    expect(conf.value("Network", "Cookies")).toEqual({ type: "invalid" });
  });
});

describe("QbittorrentConf writing", () => {
  it("keeps every line it does not own, byte for byte", () => {
    const conf = QbittorrentConf.parse(WRITTEN).with({ webUiPort: 8080, ...QBITTORRENT_PROTECTIONS });
    const text = conf.toString();
    const before = WRITTEN.split("\n");
    const after = text.split("\n");
    const owned =
      /^(WebUI\\(Port|LocalHostAuth|AuthSubnetWhitelistEnabled|CSRFProtection|ClickjackingProtection|HostHeaderValidation|MaxAuthenticationFailCount|BanDuration))=/;
    expect(after.filter((line) => !owned.test(line))).toEqual(before.filter((line) => !owned.test(line)));
    expect(conf.settings).toMatchObject({
      webUiPort: 8080,
      localHostAuth: true,
      authSubnetWhitelistEnabled: false,
      csrfProtection: true,
      clickjackingProtection: true,
      hostHeaderValidation: true,
      maxAuthFailCount: 5,
      banDuration: 3600,
    });
    // New keys join their section, before the next one.
    expect(text).toContain("WebUI\\Username=charmarr\nWebUI\\LocalHostAuth=true\n");
    expect(text).toContain("AutoDownloader\\DownloadRepacks=true\n");
  });

  it("changes nothing (same object, same text) when the values are already right", () => {
    const conf = QbittorrentConf.parse(WRITTEN);
    expect(conf.with({ webUiPort: 36475, dht: false, webUiAddress: "127.0.0.1", passwordHash: HASH })).toBe(
      conf,
    );
  });

  it("withCredentials keeps a matching hash: asserting the same credentials never rewrites the file", async () => {
    const conf = QbittorrentConf.parse(WRITTEN);
    const same = await conf.withCredentials({ username: "charmarr", password: "charmarr-Secret_42" });
    expect(same.toString()).toBe(WRITTEN);
    // Twice from a fresh file: the second call is a no-op too.
    const fresh = await QbittorrentConf.create().withCredentials({ username: "u", password: "p1" });
    const again = await fresh.withCredentials({ username: "u", password: "p1" });
    expect(again.toString()).toBe(fresh.toString());
  });

  it("withCredentials writes a new salted hash for a new password, quoted as the app does", async () => {
    const conf = await QbittorrentConf.parse(WRITTEN).withCredentials({
      username: "charmarr",
      password: "next",
    });
    const line = conf
      .toString()
      .split("\n")
      .find((l) => l.startsWith("WebUI\\Password_PBKDF2="));
    expect(line).toMatch(/^WebUI\\Password_PBKDF2="@ByteArray\([A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]{86}==\)"$/);
    expect(await conf.passwordMatches("next")).toBe(true);
    expect(await conf.passwordMatches("charmarr-Secret_42")).toBe(false);
  });

  it("replaces a malformed hash (which would lock everybody out) and a missing one", async () => {
    const malformed = QbittorrentConf.parse('[Preferences]\nWebUI\\Password_PBKDF2="not-a-valid-hash"\n');
    const fixed = await malformed.withCredentials({ username: "charmarr", password: "pw" });
    expect(await fixed.credentialsMatch({ username: "charmarr", password: "pw" })).toBe(true);
    expect(fixed.toString().match(/Password_PBKDF2/g)).toHaveLength(1);
  });

  it("escapes a username the QSettings way, and reads it back", async () => {
    const conf = await QbittorrentConf.create().withCredentials({ username: "@ü, x", password: "pw" });
    expect(conf.toString()).toContain('WebUI\\Username="@@\\xfc, x"');
    expect(QbittorrentConf.parse(conf.toString()).settings.username).toBe("@ü, x");
  });

  it("creates a complete file for a test instance", async () => {
    const hash = await createPasswordHash("pw");
    const conf = QbittorrentConf.create({
      legalNoticeAccepted: true,
      username: "charmarr",
      passwordHash: hash,
      webUiAddress: "127.0.0.1",
      webUiPort: 8080,
      ...QBITTORRENT_PROTECTIONS,
      ...QBITTORRENT_OFFLINE,
    });
    const text = conf.toString();
    expect(text.startsWith("[LegalNotice]\nAccepted=true\n\n[Preferences]\n")).toBe(true);
    expect(text).toContain("[BitTorrent]\nSession\\DHTEnabled=false\nSession\\LSDEnabled=false\n");
    expect(text).toContain("[Network]\nPortForwardingEnabled=false\n");
    expect(await verifyPasswordHash("pw", QbittorrentConf.parse(text).settings.passwordHash)).toBe(true);
  });

  it("sets and removes keys it does not type", () => {
    const conf = QbittorrentConf.parse(WRITTEN).withValues([
      { section: "Preferences", key: "WebUI\\AuthSubnetWhitelist", value: undefined },
      { section: "Preferences", key: "WebUI\\TrustedReverseProxiesList", value: ["10.0.0.1", "10.0.0.2"] },
    ]);
    expect(conf.toString()).not.toContain("AuthSubnetWhitelist=");
    expect(conf.toString()).toContain("WebUI\\TrustedReverseProxiesList=10.0.0.1, 10.0.0.2\n");
  });

  it.each([
    [{ passwordHash: "not-a-valid-hash" }, /not a PBKDF2 hash/],
    [{ webUiPort: 70000 }, /port number/],
    [{ maxAuthFailCount: -1 }, /non-negative/],
    [{ banDuration: 1.5 }, /non-negative integer/],
  ])("refuses to write %j", (settings, message) => {
    expect(() => QbittorrentConf.create(settings)).toThrow(message);
  });

  it("refuses an empty username", async () => {
    await expect(QbittorrentConf.create().withCredentials({ username: "", password: "x" })).rejects.toThrow(
      QbittorrentConfError,
    );
  });
});
