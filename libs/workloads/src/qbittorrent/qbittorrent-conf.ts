import { parsePasswordHash, passwordHashFor, verifyPasswordHash } from "./password-hash";
import { type QSettingsEdit, QSettingsIni } from "./qsettings-ini";

/** What a caller remembers of stored hashes proved to match one password (never the password). */
export interface VerifiedHashes {
  has(stored: string): boolean;
  add(stored: string): void;
}

import {
  encodeQSettingsBytes,
  encodeQSettingsList,
  encodeQSettingsScalar,
  encodeQSettingsString,
  type QSettingsValue,
  qsettingsText,
} from "./qsettings-value";

// qBittorrent.conf (`<profile>/qBittorrent/config/qBittorrent.conf`, specs/workloads.md §1.3): the
// settings a charm owns, typed, over a QSettings file whose every other line is kept. The app reads
// the file only at start and overwrites it on its next save, so write it while the app is stopped
// (Pebble: stop, push, start) and change a running app through the WebUI API instead.

/** The settings a charm manages. Absent: the key is missing (the app uses its default). */
export interface QbittorrentSettings {
  /** `[LegalNotice] Accepted`: 5.x refuses to start without it (or --confirm-legal-notice). */
  legalNoticeAccepted?: boolean;
  username?: string;
  /** `@ByteArray(<salt>:<key>)`, from createPasswordHash; a malformed one locks everybody out. */
  passwordHash?: string;
  webUiEnabled?: boolean;
  /** The address the WebUI binds (`*` for all, or one IP). */
  webUiAddress?: string;
  webUiPort?: number;
  /** true: clients on localhost must log in too (the app's default; inverted `bypass_local_auth`). */
  localHostAuth?: boolean;
  /** Whether `WebUI\AuthSubnetWhitelist` may skip authentication. */
  authSubnetWhitelistEnabled?: boolean;
  csrfProtection?: boolean;
  clickjackingProtection?: boolean;
  hostHeaderValidation?: boolean;
  /** `;`-separated host names the WebUI answers to, `*` for any. */
  serverDomains?: string;
  /** Failed logins from one address before it is banned; 0 turns the ban off. Default 5. */
  maxAuthFailCount?: number;
  /** Seconds a banned address stays banned. Default 3600. */
  banDuration?: number;
  /** Seconds an idle WebUI session lives. Default 3600. */
  sessionTimeout?: number;
  reverseProxySupport?: boolean;
  /** UPnP/NAT-PMP for the WebUI port. */
  webUiUpnp?: boolean;
  /** Downloads the db-ip GeoIP database to show peer countries. */
  resolvePeerCountries?: boolean;
  /** The BitTorrent listening port. */
  torrentPort?: number;
  /** The network interface BitTorrent binds (`lo` in tests). */
  networkInterface?: string;
  networkInterfaceName?: string;
  networkInterfaceAddress?: string;
  dht?: boolean;
  lsd?: boolean;
  pex?: boolean;
  /**
   * Which peer transports to use: `Both` (the default), `TCP` or `UTP`. Behind an HTTP proxy
   * only TCP can be carried (uTP is UDP).
   */
  btProtocol?: "Both" | "TCP" | "UTP";
  /** UPnP/NAT-PMP for the BitTorrent port. */
  portForwarding?: boolean;
  defaultSavePath?: string;
  /**
   * false: new torrents use Automatic Torrent Management, so a category's save path decides
   * where they go (the app's default is true: everything lands in the default save path).
   */
  disableAutoTmmByDefault?: boolean;
  /** Run `autorunProgram` when a torrent finishes ("Run external program on torrent finished"). */
  autorunEnabled?: boolean;
  /** Split into arguments before `%F` and friends are replaced: no shell, no injection by torrent names. */
  autorunProgram?: string;
}

type Kind = "string" | "bool" | "int" | "hash";

/** Setting -> [section, key as written in the file, type]. Key names are the app's own (§1.3, §1.6). */
const KEYS: { readonly [K in keyof Required<QbittorrentSettings>]: readonly [string, string, Kind] } = {
  legalNoticeAccepted: ["LegalNotice", "Accepted", "bool"],
  username: ["Preferences", "WebUI\\Username", "string"],
  passwordHash: ["Preferences", "WebUI\\Password_PBKDF2", "hash"],
  webUiEnabled: ["Preferences", "WebUI\\Enabled", "bool"],
  webUiAddress: ["Preferences", "WebUI\\Address", "string"],
  webUiPort: ["Preferences", "WebUI\\Port", "int"],
  localHostAuth: ["Preferences", "WebUI\\LocalHostAuth", "bool"],
  authSubnetWhitelistEnabled: ["Preferences", "WebUI\\AuthSubnetWhitelistEnabled", "bool"],
  csrfProtection: ["Preferences", "WebUI\\CSRFProtection", "bool"],
  clickjackingProtection: ["Preferences", "WebUI\\ClickjackingProtection", "bool"],
  hostHeaderValidation: ["Preferences", "WebUI\\HostHeaderValidation", "bool"],
  serverDomains: ["Preferences", "WebUI\\ServerDomains", "string"],
  maxAuthFailCount: ["Preferences", "WebUI\\MaxAuthenticationFailCount", "int"],
  banDuration: ["Preferences", "WebUI\\BanDuration", "int"],
  sessionTimeout: ["Preferences", "WebUI\\SessionTimeout", "int"],
  reverseProxySupport: ["Preferences", "WebUI\\ReverseProxySupportEnabled", "bool"],
  webUiUpnp: ["Preferences", "WebUI\\UseUPnP", "bool"],
  resolvePeerCountries: ["Preferences", "Connection\\ResolvePeerCountries", "bool"],
  torrentPort: ["BitTorrent", "Session\\Port", "int"],
  networkInterface: ["BitTorrent", "Session\\Interface", "string"],
  networkInterfaceName: ["BitTorrent", "Session\\InterfaceName", "string"],
  networkInterfaceAddress: ["BitTorrent", "Session\\InterfaceAddress", "string"],
  dht: ["BitTorrent", "Session\\DHTEnabled", "bool"],
  lsd: ["BitTorrent", "Session\\LSDEnabled", "bool"],
  pex: ["BitTorrent", "Session\\PeXEnabled", "bool"],
  btProtocol: ["BitTorrent", "Session\\BTProtocol", "string"],
  portForwarding: ["Network", "PortForwardingEnabled", "bool"],
  defaultSavePath: ["BitTorrent", "Session\\DefaultSavePath", "string"],
  disableAutoTmmByDefault: ["BitTorrent", "Session\\DisableAutoTMMByDefault", "bool"],
  autorunEnabled: ["AutoRun", "enabled", "bool"],
  autorunProgram: ["AutoRun", "program", "string"],
};

/**
 * What production keeps on: everybody logs in (localhost included, no subnet whitelist), CSRF,
 * clickjacking and Host-header protection, and the brute-force ban at the app's defaults.
 */
export const QBITTORRENT_PROTECTIONS = {
  localHostAuth: true,
  authSubnetWhitelistEnabled: false,
  csrfProtection: true,
  clickjackingProtection: true,
  hostHeaderValidation: true,
  maxAuthFailCount: 5,
  banDuration: 3600,
} as const satisfies QbittorrentSettings;

/**
 * What keeps a test instance off the network (specs/workloads.md §1.3, gotcha 8): no DHT
 * bootstrap, no LSD multicast, no PeX, no UPnP/NAT-PMP, no GeoIP download. Bind BitTorrent to
 * loopback as well (`networkInterface: "lo"` ...) for a fully hermetic instance.
 */
export const QBITTORRENT_OFFLINE = {
  dht: false,
  lsd: false,
  pex: false,
  portForwarding: false,
  webUiUpnp: false,
  resolvePeerCountries: false,
} as const satisfies QbittorrentSettings;

export interface QbittorrentCredentials {
  username: string;
  password: string;
}

/** A qBittorrent.conf value the app cannot use, or one the codec refuses to write. Never quotes a secret. */
export class QbittorrentConfError extends Error {
  constructor(message: string) {
    super(`qBittorrent.conf: ${message}`);
    this.name = "QbittorrentConfError";
  }
}

/** A value to put into a key the codec does not type; undefined removes the key. */
export type QbittorrentConfValue = string | number | boolean | readonly string[] | undefined;

/** QVariant(QString).toBool(): false for "", "0" and "false" (any case), true otherwise. */
function toBool(text: string): boolean {
  const lower = text.trim().toLowerCase();
  return !(lower === "" || lower === "0" || lower === "false");
}

function encode(name: keyof QbittorrentSettings, kind: Kind, value: string | number | boolean): string {
  switch (kind) {
    case "bool":
      if (typeof value !== "boolean") throw new QbittorrentConfError(`${name} must be a boolean`);
      return encodeQSettingsScalar(value);
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
        throw new QbittorrentConfError(`${name} must be a non-negative integer, got ${value}`);
      }
      if (name.endsWith("Port") && value > 65535) {
        throw new QbittorrentConfError(`${name} must be a port number, got ${value}`);
      }
      return encodeQSettingsScalar(value);
    case "hash": {
      const parts = typeof value === "string" ? parsePasswordHash(value) : undefined;
      if (!parts) throw new QbittorrentConfError("passwordHash is not a PBKDF2 hash (@ByteArray(salt:key))");
      return encodeQSettingsBytes(`${parts.salt.toString("base64")}:${parts.key.toString("base64")}`);
    }
    default:
      if (typeof value !== "string") throw new QbittorrentConfError(`${name} must be a string`);
      return encodeQSettingsString(value);
  }
}

function encodeAny(value: Exclude<QbittorrentConfValue, undefined>): string {
  if (typeof value === "string") return encodeQSettingsString(value);
  if (typeof value === "number" || typeof value === "boolean") return encodeQSettingsScalar(value);
  return encodeQSettingsList(value);
}

/** A parsed qBittorrent.conf: read the owned settings, change some, write it back with the rest intact. */
export class QbittorrentConf {
  private constructor(private readonly ini: QSettingsIni) {}

  /** Parses the file; QSettings reads anything, and so does this. */
  static parse(text: string): QbittorrentConf {
    return new QbittorrentConf(QSettingsIni.parse(text));
  }

  /** A new file holding just `settings`. */
  static create(settings: QbittorrentSettings = {}): QbittorrentConf {
    return QbittorrentConf.parse("").with(settings);
  }

  /** The decoded value of any key (`section` like "Preferences", `key` like "WebUI\\Port"). */
  value(section: string, key: string): QSettingsValue | undefined {
    return this.ini.value(section, key);
  }

  /** The owned settings, read as the app reads them. */
  get settings(): QbittorrentSettings {
    const settings: Record<string, unknown> = {};
    for (const name of Object.keys(KEYS) as (keyof QbittorrentSettings)[]) {
      const value = this.setting(name);
      if (value !== undefined) settings[name] = value;
    }
    return settings as QbittorrentSettings;
  }

  /** One owned setting, or undefined when the key is missing. */
  setting<K extends keyof QbittorrentSettings>(name: K): QbittorrentSettings[K] | undefined {
    const [section, key, kind] = KEYS[name];
    const value = this.ini.value(section, key);
    if (value === undefined || value.type === "invalid") return undefined;
    const text = qsettingsText(value);
    if (text === undefined) return undefined;
    let parsed: string | number | boolean;
    if (kind === "bool") parsed = toBool(text);
    else if (kind === "int") {
      if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new QbittorrentConfError(`${key} is not a number`);
      parsed = Number(text);
    } else if (kind === "hash") parsed = value.type === "bytes" ? `@ByteArray(${text})` : text;
    else parsed = text;
    return parsed as QbittorrentSettings[K];
  }

  /**
   * A copy with the given settings set (undefined ones untouched). Keys whose value is already
   * right are left byte for byte, so `conf.with(x).toString() === conf.toString()` tells the
   * charm there is nothing to push.
   */
  with(settings: QbittorrentSettings): QbittorrentConf {
    const edits: QSettingsEdit[] = [];
    for (const [name, value] of Object.entries(settings) as [keyof QbittorrentSettings, unknown][]) {
      if (value === undefined) continue;
      const spec = KEYS[name];
      if (!spec) throw new QbittorrentConfError(`unknown setting ${name}`);
      const [section, key, kind] = spec;
      edits.push({ section, key, text: encode(name, kind, value as string | number | boolean) });
    }
    return this.edit(edits);
  }

  /** A copy with keys the codec does not type set or removed (`WebUI\\AuthSubnetWhitelist` ...). */
  withValues(
    values: readonly { section: string; key: string; value: QbittorrentConfValue }[],
  ): QbittorrentConf {
    return this.edit(
      values.map(({ section, key, value }) => ({
        section,
        key,
        text: value === undefined ? undefined : encodeAny(value),
      })),
    );
  }

  /** Whether the stored hash is one of `password` (no login, so nothing counts towards a ban). */
  passwordMatches(password: string): Promise<boolean> {
    return verifyPasswordHash(password, this.setting("passwordHash"));
  }

  /**
   * Whether the file holds exactly these credentials. `verified`: stored hashes already proved to
   * match this password (a hit skips the derivation; a new proof is added to it).
   */
  async credentialsMatch(credentials: QbittorrentCredentials, verified?: VerifiedHashes): Promise<boolean> {
    if (this.setting("username") !== credentials.username) return false;
    const stored = this.setting("passwordHash");
    if (stored !== undefined && verified?.has(stored)) return true;
    const match = await this.passwordMatches(credentials.password);
    if (match && stored !== undefined) verified?.add(stored);
    return match;
  }

  /**
   * A copy holding these credentials. The stored hash is kept when it already matches the
   * password, so asserting the same credentials every hook never rewrites the file.
   */
  async withCredentials(credentials: QbittorrentCredentials): Promise<QbittorrentConf> {
    if (credentials.username === "") throw new QbittorrentConfError("the username must not be empty");
    const passwordHash = await passwordHashFor(credentials.password, this.setting("passwordHash"));
    return this.with({ username: credentials.username, passwordHash });
  }

  toString(): string {
    return this.ini.toString();
  }

  private edit(edits: readonly QSettingsEdit[]): QbittorrentConf {
    const next = this.ini.with(edits);
    return next === this.ini ? this : new QbittorrentConf(next);
  }
}
