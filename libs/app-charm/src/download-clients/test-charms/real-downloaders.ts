import { type ChildProcess, spawn } from "node:child_process";
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CredentialWorkload } from "@charmarr/secrets";
import type { DownloaderApp, QbittorrentCredentials, SabnzbdKey } from "./downloader-charm";

// The real qbittorrent-nox and sabnzbdplus (Debian bookworm) for integration tests, as plain
// child processes: temporary profiles, loopback only, free ports, nothing leaves the machine
// (specs/workloads.md §1.3, §2.3). qBittorrent keeps its production protections, brute-force
// ban included: these tests must never trip it. Stopped by their own PID.

const INSTALL =
  "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qbittorrent-nox sabnzbdplus (sabnzbdplus needs contrib and non-free: see specs/workloads.md §2.1)";

function requireBinary(path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `${path} is missing: these tests drive the real app. Install it as root with:\n${INSTALL}`,
    );
  }
}

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

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before ${url} answered`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() - start > timeoutMs) throw new Error(`no answer from ${url} in ${timeoutMs} ms`);
      await sleep(20);
    }
  }
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
    child.kill("SIGKILL");
    await exited;
  }
}

/** qBittorrent's WebUI password hash: PBKDF2-HMAC-SHA512, 100 000 rounds, 16-byte salt, 64-byte key. */
function passwordHash(password: string): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(password, salt, 100_000, 64, "sha512");
  return `"@ByteArray(${salt.toString("base64")}:${key.toString("base64")})"`;
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** A real qbittorrent-nox; `credentials` is what it accepts now, as far as these tests changed it. */
export class RealQbittorrent {
  #child: ChildProcess | undefined;
  /** Logins this process refused (each counts towards the ban). */
  refusedLogins = 0;

  private constructor(
    readonly profile: string,
    readonly port: number,
    public credentials: QbittorrentCredentials,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(credentials: QbittorrentCredentials): Promise<RealQbittorrent> {
    requireBinary("/usr/bin/qbittorrent-nox");
    const profile = mkdtempSync(join(tmpdir(), "dl-qbt-"));
    const app = new RealQbittorrent(profile, await freePort(), credentials);
    const configDir = join(profile, "qBittorrent", "config");
    mkdirSync(configDir, { recursive: true });
    const conf = [
      "[LegalNotice]",
      "Accepted=true",
      "",
      "[BitTorrent]",
      `Session\\Port=${await freePort()}`,
      "Session\\Interface=lo",
      "Session\\InterfaceName=lo",
      "Session\\InterfaceAddress=127.0.0.1",
      "Session\\DHTEnabled=false",
      "Session\\LSDEnabled=false",
      "Session\\PeXEnabled=false",
      `Session\\DefaultSavePath=${join(profile, "downloads")}`,
      "",
      "[Network]",
      "PortForwardingEnabled=false",
      "",
      "[Preferences]",
      "Connection\\ResolvePeerCountries=false",
      "WebUI\\Enabled=true",
      "WebUI\\Address=127.0.0.1",
      `WebUI\\Port=${app.port}`,
      "WebUI\\UseUPnP=false",
      `WebUI\\Username=${credentials.username}`,
      `WebUI\\Password_PBKDF2=${passwordHash(credentials.password)}`,
      "WebUI\\LocalHostAuth=true",
      "WebUI\\CSRFProtection=true",
      "WebUI\\HostHeaderValidation=true",
      "WebUI\\ServerDomains=*",
      "",
    ].join("\n");
    writeFileSync(join(configDir, "qBittorrent.conf"), conf, { mode: 0o600 });
    app.#child = spawn("/usr/bin/qbittorrent-nox", [`--profile=${profile}`], { stdio: "ignore" });
    await waitForHttp(`${app.url}/api/v2/app/webapiVersion`, app.#child);
    return app;
  }

  /** A session cookie, or undefined when the login is refused. */
  async login(credentials: QbittorrentCredentials): Promise<string | undefined> {
    const res = await fetch(`${this.url}/api/v2/auth/login`, form({ ...credentials }));
    const text = await res.text();
    if (res.status === 200 && text === "Ok.") return res.headers.get("set-cookie")?.split(";")[0];
    if (res.status === 403) throw new Error(`qBittorrent banned this address: ${text}`);
    this.refusedLogins += 1;
    return undefined;
  }

  async accepts(credentials: QbittorrentCredentials): Promise<boolean> {
    return (await this.login(credentials)) !== undefined;
  }

  /** Changes the WebUI credentials live (setPreferences), logged in with the current ones. */
  async change(next: QbittorrentCredentials): Promise<void> {
    const cookie = await this.login(this.credentials);
    if (!cookie) throw new Error("qBittorrent refused the credentials the test holds");
    const res = await fetch(`${this.url}/api/v2/app/setPreferences`, {
      ...form({ json: JSON.stringify({ web_ui_username: next.username, web_ui_password: next.password }) }),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    });
    if (res.status !== 200) throw new Error(`setPreferences answered ${res.status}`);
    this.credentials = next;
  }

  async categories(): Promise<string[]> {
    const cookie = await this.login(this.credentials);
    const res = await fetch(`${this.url}/api/v2/torrents/categories`, { headers: { cookie: cookie ?? "" } });
    return Object.keys((await res.json()) as Record<string, unknown>);
  }

  /** The test provider charm's app. readLive is the test's own knowledge of what the app holds. */
  asDownloader(): DownloaderApp<QbittorrentCredentials> {
    const workload: CredentialWorkload<QbittorrentCredentials> = {
      apply: (next) => this.change(next),
      accepts: (value) => this.accepts(value),
      readLive: async () => ({ ...this.credentials }),
    };
    return { workload: () => workload };
  }

  async stop(): Promise<void> {
    await stopChild(this.#child);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** A real sabnzbdplus. */
export class RealSabnzbd {
  #child: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
    public apiKey: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(apiKey: string): Promise<RealSabnzbd> {
    requireBinary("/usr/bin/sabnzbdplus");
    const dir = mkdtempSync(join(tmpdir(), "dl-sab-"));
    const app = new RealSabnzbd(dir, await freePort(), apiKey);
    const ini = [
      "__version__ = 19",
      "[misc]",
      "host = 127.0.0.1",
      `port = ${app.port}`,
      `api_key = ${apiKey}`,
      `nzb_key = ${randomBytes(16).toString("hex")}`,
      "auto_browser = 0",
      "check_new_rel = 0",
      "enable_broadcast = 0",
      'selftest_host = ""',
      "fixed_ports = 1",
      `download_dir = ${join(dir, "incomplete")}`,
      `complete_dir = ${join(dir, "complete")}`,
      "",
    ].join("\n");
    const iniPath = join(dir, "sabnzbd.ini");
    writeFileSync(iniPath, ini, { mode: 0o600 });
    app.#child = spawn(
      "/usr/bin/sabnzbdplus",
      ["--config-file", iniPath, "--server", `127.0.0.1:${app.port}`, "--browser", "0"],
      { stdio: "ignore" },
    );
    await waitForHttp(`${app.url}/api?mode=version&output=json`, app.#child);
    return app;
  }

  async #api(params: Record<string, string>, key = this.apiKey): Promise<Response> {
    const query = new URLSearchParams({ ...params, output: "json", apikey: key });
    return fetch(`${this.url}/api?${query}`);
  }

  /** mode=auth needs no key and counts nothing: "apikey" when `key` is the API key. */
  async accepts(key: string): Promise<boolean> {
    const res = await fetch(`${this.url}/api?${new URLSearchParams({ mode: "auth", key, output: "json" })}`);
    return ((await res.json()) as { auth?: string }).auth === "apikey";
  }

  async liveKey(): Promise<string | undefined> {
    const res = await this.#api({ mode: "get_config", section: "misc", keyword: "api_key" });
    if (res.status !== 200) return undefined;
    return ((await res.json()) as { config?: { misc?: { api_key?: string } } }).config?.misc?.api_key;
  }

  async change(next: string): Promise<void> {
    const res = await this.#api({ mode: "set_config", section: "misc", keyword: "api_key", value: next });
    if (res.status !== 200) throw new Error(`set_config api_key answered ${res.status}`);
    this.apiKey = next;
  }

  async createCategory(name: string, folder: string): Promise<void> {
    await this.#api({ mode: "set_config", section: "categories", name, dir: folder });
  }

  async categories(): Promise<string[]> {
    const res = await this.#api({ mode: "get_cats" });
    return ((await res.json()) as { categories: string[] }).categories;
  }

  async deleteCategory(name: string): Promise<void> {
    await this.#api({ mode: "del_config", section: "categories", keyword: name });
  }

  asDownloader(options: { categories: boolean }): DownloaderApp<SabnzbdKey> {
    const workload: CredentialWorkload<SabnzbdKey> = {
      apply: (next) => this.change(next["api-key"]),
      accepts: (value) => this.accepts(value["api-key"]),
      readLive: async () => {
        const key = await this.liveKey();
        return key ? { "api-key": key } : undefined;
      },
    };
    return {
      workload: () => workload,
      ...(options.categories ? { createCategory: (name, folder) => this.createCategory(name, folder) } : {}),
    };
  }

  async stop(): Promise<void> {
    await stopChild(this.#child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
