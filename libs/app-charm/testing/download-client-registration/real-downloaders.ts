import { randomBytes } from "node:crypto";
import type { CredentialWorkload } from "@charmarr/secrets";
import {
  type AppTestInstance,
  QbittorrentTestInstance,
  SabnzbdTestInstance,
} from "@charmarr/workloads/testing";
import type { DownloaderApp, QbittorrentCredentials, SabnzbdKey } from "./downloader-charm";

// The real qbittorrent-nox and sabnzbdplus (Debian bookworm) for integration tests, started by
// the workloads' test instances: temporary profiles, loopback only, free ports, nothing leaves the
// machine (specs/workloads.md §1.3, §2.3), stopped by their own PID. qBittorrent keeps its
// production protections, brute-force ban included: these tests must never trip it.

/** A running test instance, seen from these tests. */
abstract class RealApp<I extends AppTestInstance> {
  constructor(readonly instance: I) {}

  get url(): string {
    return this.instance.url;
  }

  get port(): number {
    return this.instance.port;
  }

  /** Stops the app (by its PID) and removes its directory. */
  async stop(): Promise<void> {
    await this.instance.destroy();
  }
}

/** The instance, running; removed again when it does not start. */
async function started<T extends AppTestInstance>(created: Promise<T>): Promise<T> {
  const instance = await created;
  try {
    await instance.start();
    return instance;
  } catch (error) {
    await instance.destroy();
    throw error;
  }
}

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** A real qbittorrent-nox; `credentials` is what it accepts now, as far as these tests changed it. */
export class RealQbittorrent extends RealApp<QbittorrentTestInstance> {
  /** Logins this process refused (each counts towards the ban). */
  refusedLogins = 0;

  private constructor(
    instance: QbittorrentTestInstance,
    public credentials: QbittorrentCredentials,
  ) {
    super(instance);
  }

  static async start(credentials: QbittorrentCredentials): Promise<RealQbittorrent> {
    return new RealQbittorrent(await started(QbittorrentTestInstance.create(credentials)), credentials);
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
}

/** A real sabnzbdplus. */
export class RealSabnzbd extends RealApp<SabnzbdTestInstance> {
  private constructor(
    instance: SabnzbdTestInstance,
    public apiKey: string,
  ) {
    super(instance);
  }

  static async start(apiKey: string): Promise<RealSabnzbd> {
    const nzbKey = randomBytes(16).toString("hex");
    return new RealSabnzbd(await started(SabnzbdTestInstance.create({ apiKey, nzbKey })), apiKey);
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
}
