import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPasswordHash } from "./password-hash";
import {
  QBITTORRENT_OFFLINE,
  QBITTORRENT_PROTECTIONS,
  QbittorrentConf,
  type QbittorrentCredentials,
} from "./qbittorrent-conf";

// A real qbittorrent-nox (Debian bookworm 4.5.2) for integration tests: a temporary profile seeded
// with QbittorrentConf, loopback only (WebUI on 127.0.0.1, BitTorrent bound to `lo`), no DHT, LSD,
// PeX, UPnP/NAT-PMP or GeoIP download, the production protections on (ban included). Started as a
// plain child process in the foreground (stdio not a TTY, so no legal-notice prompt, §1.2).
// Tests only: not exported from the package.

export const QBITTORRENT_NOX = "/usr/bin/qbittorrent-nox";
export const QBITTORRENT_INSTALL =
  "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qbittorrent-nox";

/** Throws, with the exact command to run as root, when qbittorrent-nox is not installed. */
export function requireQbittorrentNox(binary = QBITTORRENT_NOX): void {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(
      `${binary} is missing: these tests drive the real qBittorrent. Install it as root with:\n${QBITTORRENT_INSTALL}`,
    );
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `url` until any HTTP status answers; the time it took, in ms. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before ${url} answered`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return performance.now() - start;
    } catch {
      if (performance.now() - start > timeoutMs)
        throw new Error(`no HTTP answer from ${url} in ${timeoutMs} ms`);
      await sleep(10);
    }
  }
}

export class QbittorrentTestInstance {
  child: ChildProcess | undefined;
  /** Spawn -> first HTTP answer, for every start, in ms. */
  readonly startTimes: number[] = [];

  private constructor(
    readonly profile: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get confPath(): string {
    return join(this.profile, "qBittorrent", "config", "qBittorrent.conf");
  }

  get logPath(): string {
    return join(this.profile, "qBittorrent", "data", "logs", "qbittorrent.log");
  }

  /** A fresh profile holding `credentials` and the test settings; not started yet. */
  static async create(credentials: QbittorrentCredentials): Promise<QbittorrentTestInstance> {
    requireQbittorrentNox();
    const profile = mkdtempSync(join(tmpdir(), "qbt-it-"));
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

  readConfig(): string | undefined {
    try {
      return readFileSync(this.confPath, "utf8");
    } catch {
      return undefined;
    }
  }

  /** Only while stopped: the app overwrites the file on its next save. */
  writeConfig(text: string): void {
    if (this.child) throw new Error("write qBittorrent.conf only while the app is stopped");
    mkdirSync(join(this.profile, "qBittorrent", "config"), { recursive: true });
    writeFileSync(this.confPath, text, { mode: 0o600 });
  }

  /** The app's log (its own file; it flushes with a short delay). */
  log(): string {
    try {
      return readFileSync(this.logPath, "utf8");
    } catch {
      return "";
    }
  }

  async start(): Promise<number> {
    if (this.child) throw new Error("already running");
    const child = spawn(QBITTORRENT_NOX, [`--profile=${this.profile}`], { stdio: "ignore" });
    this.child = child;
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    const ms = await waitForHttp(`${this.url}/api/v2/app/version`, child);
    this.startTimes.push(ms);
    return ms;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!killed) {
      child.kill("SIGKILL");
      await exited;
    }
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
