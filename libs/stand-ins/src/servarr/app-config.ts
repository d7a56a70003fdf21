import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type ConfigEntries, parseConfigDocument, writeConfigDocument } from "./config-document";
import type { ServarrProfile } from "./servarr-kind";

// The apps' ConfigFileProvider (specs/app-apis.md §b, §c): every setting is read from config.xml
// once and then served from a cache; an `<APP>__SECTION__KEY` environment variable beats the file.
// The cache is cleared only by a host-config save, which is what makes a key written into the file
// live without a restart. At start the file is created if missing, missing defaults are written,
// legacy values migrated and unknown elements deleted.

interface Setting {
  name: string;
  /** Written to the file when missing. */
  persist: boolean;
  default: (profile: ServarrProfile) => string;
  /** The environment variable's name after the prefix (`AUTH__APIKEY`). */
  env?: string;
}

const fixed = (value: string) => () => value;

// Declaration order in the provider, which is the order the app appends missing elements in.
const SETTINGS: readonly Setting[] = [
  { name: "BindAddress", persist: true, default: fixed("*"), env: "SERVER__BINDADDRESS" },
  { name: "Port", persist: true, default: (p) => String(p.defaultPort), env: "SERVER__PORT" },
  { name: "SslPort", persist: true, default: (p) => String(p.defaultSslPort), env: "SERVER__SSLPORT" },
  { name: "EnableSsl", persist: true, default: fixed("False"), env: "SERVER__ENABLESSL" },
  { name: "LaunchBrowser", persist: true, default: fixed("True"), env: "APP__LAUNCHBROWSER" },
  { name: "ApiKey", persist: true, default: () => generateKey(), env: "AUTH__APIKEY" },
  { name: "AuthenticationMethod", persist: true, default: fixed("None"), env: "AUTH__METHOD" },
  { name: "AuthenticationRequired", persist: true, default: fixed("Enabled"), env: "AUTH__REQUIRED" },
  { name: "Branch", persist: true, default: (p) => p.branch, env: "UPDATE__BRANCH" },
  { name: "LogLevel", persist: true, default: fixed("debug"), env: "LOG__LEVEL" },
  { name: "ConsoleLogLevel", persist: false, default: fixed(""), env: "LOG__CONSOLELEVEL" },
  { name: "LogRotate", persist: false, default: fixed("50"), env: "LOG__ROTATE" },
  { name: "LogSizeLimit", persist: false, default: fixed("1"), env: "LOG__SIZELIMIT" },
  { name: "LogSql", persist: false, default: fixed("False"), env: "LOG__SQL" },
  { name: "LogDbEnabled", persist: false, default: fixed("True"), env: "LOG__DBENABLED" },
  { name: "SyslogServer", persist: false, default: fixed("") },
  { name: "SyslogPort", persist: false, default: fixed("514") },
  { name: "SyslogLevel", persist: false, default: fixed("info") },
  { name: "AnalyticsEnabled", persist: false, default: fixed("True"), env: "LOG__ANALYTICSENABLED" },
  { name: "SslCertPath", persist: true, default: fixed(""), env: "SERVER__SSLCERTPATH" },
  { name: "SslCertPassword", persist: true, default: fixed(""), env: "SERVER__SSLCERTPASSWORD" },
  { name: "UrlBase", persist: true, default: fixed(""), env: "SERVER__URLBASE" },
  { name: "InstanceName", persist: true, default: (p) => p.appName, env: "APP__INSTANCENAME" },
  { name: "UpdateMechanism", persist: false, default: fixed("Docker"), env: "UPDATE__MECHANISM" },
  { name: "UpdateAutomatically", persist: false, default: fixed("False"), env: "UPDATE__AUTOMATICALLY" },
  { name: "UpdateScriptPath", persist: false, default: fixed(""), env: "UPDATE__SCRIPTPATH" },
  { name: "Theme", persist: false, default: fixed("auto"), env: "APP__THEME" },
  {
    name: "TrustCgnatIpAddresses",
    persist: false,
    default: fixed("False"),
    env: "AUTH__TRUSTCGNATIPADDRESSES",
  },
  { name: "PostgresHost", persist: false, default: fixed(""), env: "POSTGRES__HOST" },
  { name: "PostgresPort", persist: false, default: fixed("5432"), env: "POSTGRES__PORT" },
  { name: "PostgresUser", persist: false, default: fixed(""), env: "POSTGRES__USER" },
  { name: "PostgresPassword", persist: false, default: fixed(""), env: "POSTGRES__PASSWORD" },
  { name: "PostgresMainDb", persist: false, default: fixed(""), env: "POSTGRES__MAINDB" },
  { name: "PostgresLogDb", persist: false, default: fixed(""), env: "POSTGRES__LOGDB" },
];

// Sonarr also keeps a key path for its certificate.
const SONARR_ONLY: Setting = {
  name: "SslKeyPath",
  persist: true,
  default: fixed(""),
  env: "SERVER__SSLKEYPATH",
};

/** Guid.NewGuid().ToString("N"): 32 lowercase hex characters. */
export function generateKey(): string {
  return randomUUID().replaceAll("-", "");
}

const isBlank = (value: string | undefined) => value === undefined || value.trim() === "";

export class AppConfig {
  private readonly cache = new Map<string, string>();
  private readonly settings: Map<string, Setting>;

  private constructor(
    readonly file: string,
    private readonly profile: ServarrProfile,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {
    const all = profile.kind === "sonarr" ? [...SETTINGS, SONARR_ONLY] : SETTINGS;
    this.settings = new Map(all.map((setting) => [setting.name, setting]));
  }

  /** What the app does at start. Throws InvalidConfigFileError where the app would not start. */
  static load(
    dataDir: string,
    profile: ServarrProfile,
    env: Readonly<Record<string, string | undefined>> = {},
  ): AppConfig {
    const config = new AppConfig(join(dataDir, "config.xml"), profile, env);
    mkdirSync(dataDir, { recursive: true });
    const before = existsSync(config.file) ? readFileSync(config.file, "utf8") : undefined;
    let entries = before === undefined ? [] : parseConfigDocument(before, config.file, profile.appName);
    entries = config.migrate(entries);
    for (const setting of config.settings.values()) {
      const present = entries.find(([name]) => name === setting.name);
      if (setting.persist && !present) entries.push([setting.name, setting.default(profile)]);
      // A blank key is replaced just like a missing one.
      if (setting.name === "ApiKey" && present && isBlank(present[1])) present[1] = generateKey();
    }
    entries = entries.filter(([name]) => config.settings.has(name));
    const after = writeConfigDocument(entries);
    if (after !== before) config.writeFile(after);
    return config;
  }

  /** A setting's live value: the environment's, else the cached or freshly read file value. */
  get(name: string): string {
    const setting = this.setting(name);
    const fromEnv = setting.env ? this.env[`${this.profile.envPrefix}__${setting.env}`] : undefined;
    if (fromEnv !== undefined) return fromEnv;
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const present = this.readEntries().find(([element]) => element === name);
    let value = present?.[1].trim();
    if (value === undefined || (name === "ApiKey" && value === "")) {
      value = setting.default(this.profile);
      if (setting.persist) this.writeValue(name, value);
    }
    this.cache.set(name, value);
    return value;
  }

  /** SetValue: the cache and the file at once. */
  set(name: string, value: string): void {
    this.setting(name);
    this.cache.set(name, value);
    this.writeValue(name, value);
  }

  /**
   * SaveConfigDictionary (PUT config/host): clear the cache, then write each value that differs
   * from the file, except the API key, which this path never changes.
   */
  save(values: ReadonlyMap<string, string>): void {
    this.cache.clear();
    for (const [name, value] of values) {
      if (name === "ApiKey") continue;
      if (this.get(name) !== value) this.set(name, value);
    }
  }

  /** Whether config.xml knows this setting (so a host-config save must not drop it). */
  inFile(name: string): boolean {
    return this.readEntries().some(([element]) => element === name);
  }

  private setting(name: string): Setting {
    const setting = this.settings.get(name);
    if (!setting) throw new Error(`${name} is not a ${this.profile.appName} config.xml setting`);
    return setting;
  }

  private migrate(entries: ConfigEntries): ConfigEntries {
    const value = (name: string) => entries.find(([element]) => element === name)?.[1].trim();
    const replace = (name: string, next: string) => {
      const present = entries.find(([element]) => element === name);
      if (present) present[1] = next;
      else entries.push([name, next]);
    };
    if (value("AuthenticationMethod")?.toLowerCase() === "basic") replace("AuthenticationMethod", "Forms");
    if (value("AuthenticationEnabled")?.toLowerCase() === "true") replace("AuthenticationMethod", "Forms");
    if (value("EnableSsl")?.toLowerCase() === "true" && isBlank(value("SslCertPath")))
      replace("EnableSsl", "False");
    return entries;
  }

  private readEntries(): ConfigEntries {
    const text = existsSync(this.file) ? readFileSync(this.file, "utf8") : "<Config />";
    return parseConfigDocument(text, this.file, this.profile.appName);
  }

  private writeValue(name: string, value: string): void {
    const entries = this.readEntries();
    const present = entries.find(([element]) => element === name);
    if (present) present[1] = value;
    else entries.push([name, value]);
    this.writeFile(writeConfigDocument(entries));
  }

  // In place, as the app does: the file keeps its owner and mode (a charm writes it 0600).
  private writeFile(text: string): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, text);
  }
}
