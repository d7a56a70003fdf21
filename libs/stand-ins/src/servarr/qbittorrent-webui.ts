// zod/mini: the bundle the stand-in runs from stays small (it starts in every test pod).
import * as z from "zod/mini";

// The qBittorrent WebUI API v2 calls the apps' completed-download handling makes (QBittorrentProxyV2):
// a form login whose `SID` cookie is kept for later polls, `torrents/info?category=<cat>` for the
// category's torrents, `torrents/setCategory` for the post-import category. A refused login or an
// unreachable host is a DownloadClientUnavailableError, which the caller shows as a failing client.

const TIMEOUT_MS = 10_000;

export class DownloadClientUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DownloadClientUnavailableError";
  }
}

const torrentSchema = z.looseObject({
  hash: z.string(),
  name: z.string(),
  state: z.string(),
  progress: z.number(),
  save_path: z.string(),
  /** WebAPI ≥ 2.6.1 (qBittorrent 4.3.x and later). */
  content_path: z.optional(z.string()),
  category: z.optional(z.string()),
  size: z.optional(z.number()),
});
export type QbittorrentTorrent = z.infer<typeof torrentSchema>;

/** One download client's session; reused across polls, logging in again when it expires. */
export class QbittorrentWebUi {
  private cookie: string | undefined;

  constructor(
    private readonly base: string,
    private readonly credentials: { username: string; password: string },
  ) {}

  private async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await fetch(`${this.base}/api/v2/${path}`, {
        ...init,
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new DownloadClientUnavailableError(
        `Unable to connect to qBittorrent, please check your settings (${code})`,
      );
    }
  }

  private async login(): Promise<void> {
    const { username, password } = this.credentials;
    // Without credentials the app relies on qBittorrent's localhost or subnet bypass.
    if (!username && !password) return;
    const response = await this.fetch("auth/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password }).toString(),
    });
    const text = (await response.text()).trim();
    if (response.status === 403)
      throw new DownloadClientUnavailableError(`Failed to authenticate with qBittorrent. ${text}`);
    if (response.status !== 200 || text !== "Ok.") {
      throw new DownloadClientUnavailableError("Failed to authenticate with qBittorrent.");
    }
    this.cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith("SID="))
      ?.split(";")[0];
  }

  /** A call with the session, one new login when the session is gone (403). */
  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    if (!this.cookie) await this.login();
    for (let attempt = 0; ; attempt++) {
      const headers = {
        ...(init.headers as Record<string, string>),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      };
      const response = await this.fetch(path, { ...init, headers });
      if (response.status !== 403 || attempt > 0) {
        if (response.status === 403)
          throw new DownloadClientUnavailableError("Failed to authenticate with qBittorrent.");
        return response;
      }
      await response.body?.cancel();
      this.cookie = undefined;
      await this.login();
    }
  }

  /** The category's torrents (all of them when `category` is empty). */
  async torrents(category: string): Promise<QbittorrentTorrent[]> {
    const query = category ? `?${new URLSearchParams({ category })}` : "";
    const response = await this.call(`torrents/info${query}`);
    const text = await response.text();
    if (response.status !== 200) {
      throw new DownloadClientUnavailableError(`qBittorrent torrents/info answered HTTP ${response.status}`);
    }
    const parsed = z.array(torrentSchema).safeParse(JSON.parse(text || "null"));
    if (!parsed.success)
      throw new DownloadClientUnavailableError("qBittorrent answered torrents/info with an unexpected body");
    return parsed.data;
  }

  /** Moves a torrent to `category`, creating the category first if qBittorrent does not know it. */
  async setCategory(hash: string, category: string): Promise<void> {
    const form = (fields: Record<string, string>) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    let response = await this.call("torrents/setCategory", form({ hashes: hash, category }));
    if (response.status === 409) {
      await (await this.call("torrents/createCategory", form({ category, savePath: "" }))).body?.cancel();
      response = await this.call("torrents/setCategory", form({ hashes: hash, category }));
    }
    await response.body?.cancel();
  }

  async close(): Promise<void> {
    if (!this.cookie) return;
    const response = await this.fetch("auth/logout", {
      method: "POST",
      headers: { cookie: this.cookie },
    }).catch(() => undefined);
    await response?.body?.cancel();
    this.cookie = undefined;
  }
}
