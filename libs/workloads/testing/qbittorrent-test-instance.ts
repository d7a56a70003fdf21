import { join } from "node:path";
import { createPasswordHash } from "../src/qbittorrent/password-hash";
import {
  QBITTORRENT_OFFLINE,
  QBITTORRENT_PROTECTIONS,
  QbittorrentConf,
  type QbittorrentCredentials,
} from "../src/qbittorrent/qbittorrent-conf";
import {
  type AppLaunch,
  AppTestInstance,
  freePort,
  readIfPresent,
  requireBinary,
  tempDir,
} from "./app-test-instance";

// A real qbittorrent-nox (Debian bookworm 4.5.2) for integration tests: a temporary profile seeded
// with QbittorrentConf, loopback only (WebUI on 127.0.0.1, BitTorrent bound to `lo`), no DHT, LSD,
// PeX, UPnP/NAT-PMP or GeoIP download, the production protections on (ban included). Started as a
// plain child process in the foreground (stdio not a TTY, so no legal-notice prompt, §1.2).
// Tests only: not exported from the package (see @charmarr/workloads/testing).

export const QBITTORRENT_NOX = "/usr/bin/qbittorrent-nox";
export const QBITTORRENT_INSTALL =
  "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qbittorrent-nox";

/** Throws, with the exact command to run as root, when qbittorrent-nox is not installed. */
export function requireQbittorrentNox(binary = QBITTORRENT_NOX): void {
  requireBinary(binary, "qBittorrent", QBITTORRENT_INSTALL);
}

export class QbittorrentTestInstance extends AppTestInstance {
  /** The profile directory (`--profile`). */
  get profile(): string {
    return this.dir;
  }

  get configPath(): string {
    return join(this.profile, "qBittorrent", "config", "qBittorrent.conf");
  }

  get confPath(): string {
    return this.configPath;
  }

  get logPath(): string {
    return join(this.profile, "qBittorrent", "data", "logs", "qbittorrent.log");
  }

  /** A fresh profile holding `credentials` and the test settings; not started yet. */
  static async create(credentials: QbittorrentCredentials): Promise<QbittorrentTestInstance> {
    requireQbittorrentNox();
    const profile = tempDir("qbt-it-");
    const instance = new QbittorrentTestInstance(profile, await freePort());
    const conf = QbittorrentConf.create({
      legalNoticeAccepted: true,
      username: credentials.username,
      passwordHash: await createPasswordHash(credentials.password),
      webUiEnabled: true,
      webUiAddress: "127.0.0.1",
      webUiPort: instance.port,
      serverDomains: "*",
      ...QBITTORRENT_PROTECTIONS,
      ...QBITTORRENT_OFFLINE,
      torrentPort: await freePort(),
      networkInterface: "lo",
      networkInterfaceName: "lo",
      networkInterfaceAddress: "127.0.0.1",
      defaultSavePath: join(profile, "downloads"),
    });
    instance.writeConfig(conf.toString());
    return instance;
  }

  protected launch(): AppLaunch {
    return {
      binary: QBITTORRENT_NOX,
      args: [`--profile=${this.profile}`],
      readyPath: "/api/v2/app/version",
      // Generous: the download-clients tests start it next to SABnzbd and a model of charms.
      readyTimeoutMs: 60_000,
      stopGraceMs: 10_000,
    };
  }

  /** The app's log (its own file; it flushes with a short delay). */
  log(): string {
    return readIfPresent(this.logPath) ?? "";
  }
}
