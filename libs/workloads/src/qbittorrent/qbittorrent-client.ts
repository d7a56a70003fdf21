import {
  parseWebApiVersion,
  proxyFromPreferences,
  proxyPreferences,
  type QbittorrentProxy,
} from "./proxy-preferences";
import type { QbittorrentCredentials } from "./qbittorrent-conf";
import { QbittorrentHttpError } from "./qbittorrent-errors";
import { type QbittorrentConnectionOptions, QbittorrentHttp } from "./qbittorrent-http";
import {
  categoriesSchema,
  preferencesSchema,
  type QbittorrentCategory,
  type QbittorrentPreferences,
  type QbittorrentPreferencesUpdate,
  type QbittorrentTorrent,
  torrentsSchema,
} from "./qbittorrent-resources";

// The qBittorrent WebUI API v2 calls a charm makes (specs/workloads.md §1.5, specs/app-apis.md §i).
// One client is one cookie session; call close() when done (a session otherwise lives for an hour
// in the app). See qbittorrent-credentials.ts for checking and rotating the password without ever
// risking the brute-force ban.

export type QbittorrentClientOptions = QbittorrentConnectionOptions;

export type CategoryChange = "created" | "updated" | "unchanged";

const samePath = (a: string, b: string) => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

export class QbittorrentClient {
  protected readonly http: QbittorrentHttp;
  private webApi: string | undefined;

  constructor(protected readonly options: QbittorrentClientOptions) {
    this.http = new QbittorrentHttp(options);
  }

  /** The same connection settings with other credentials (a new session). */
  withCredentials(credentials: QbittorrentCredentials): QbittorrentClient {
    return new QbittorrentClient({ ...this.options, ...credentials });
  }

  /** Logs in now (otherwise the first call does). Refused: QbittorrentAuthError, one failed attempt counted. */
  login(): Promise<void> {
    return this.http.login();
  }

  /** Logins this client had refused: 0 or 1, never more (see qbittorrent-http.ts). */
  get failedLogins(): number {
    return this.http.failedLogins;
  }

  /** Ends the session. Safe to call when there is none. */
  close(): Promise<void> {
    return this.http.logout();
  }

  /** The app's version, `v4.5.2`. */
  async version(): Promise<string> {
    return (await this.http.request("GET", "app/version")).trim();
  }

  /** The WebAPI version, `2.8.19` (4.5.2); remembered for the client's life. */
  async webApiVersion(): Promise<string> {
    this.webApi ??= (await this.http.request("GET", "app/webapiVersion")).trim();
    return this.webApi;
  }

  preferences(): Promise<QbittorrentPreferences> {
    return this.http.request("GET", "app/preferences", { schema: preferencesSchema });
  }

  /**
   * Sets only those of `update` the app does not already have (one GET; no POST when all are
   * right); says whether it changed anything.
   */
  async ensurePreferences(update: QbittorrentPreferencesUpdate): Promise<boolean> {
    const current: Record<string, unknown> = await this.preferences();
    const changed = Object.fromEntries(
      Object.entries(update).filter(([key, value]) => current[key] !== value),
    );
    if (Object.keys(changed).length === 0) return false;
    await this.setPreferences(changed);
    return true;
  }

  /** Changes the given preferences; the app applies and saves them before it answers. */
  async setPreferences(update: QbittorrentPreferencesUpdate): Promise<void> {
    await this.http.request("POST", "app/setPreferences", { form: { json: JSON.stringify(update) } });
  }

  /**
   * Changes the WebUI username and password, live (no restart). Sessions stay valid (the app does
   * not end them), so this client's session keeps working; returns a client for the new ones.
   */
  async setCredentials(next: QbittorrentCredentials): Promise<QbittorrentClient> {
    if (next.username === "" || next.password === "") {
      throw new TypeError("qBittorrent: the WebUI username and password must not be empty");
    }
    await this.setPreferences({ web_ui_username: next.username, web_ui_password: next.password });
    return this.withCredentials(next);
  }

  async categories(): Promise<Record<string, QbittorrentCategory>> {
    const answer = await this.http.request("GET", "torrents/categories", { schema: categoriesSchema });
    return Object.fromEntries(
      Object.entries(answer).map(([key, category]) => [
        key,
        { name: category.name, savePath: category.savePath },
      ]),
    );
  }

  /** 409 (QbittorrentHttpError) when it exists or the name is invalid (a leading `/`, `//`). */
  async createCategory(name: string, savePath = ""): Promise<void> {
    await this.http.request("POST", "torrents/createCategory", { form: { category: name, savePath } });
  }

  /** 409 (QbittorrentHttpError) when it does not exist. */
  async editCategory(name: string, savePath: string): Promise<void> {
    await this.http.request("POST", "torrents/editCategory", { form: { category: name, savePath } });
  }

  async removeCategories(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.http.request("POST", "torrents/removeCategories", { form: { categories: names.join("\n") } });
  }

  /** Makes the category exist with this save path; says what it had to do. */
  async ensureCategory(name: string, savePath: string): Promise<CategoryChange> {
    const existing = (await this.categories())[name];
    if (existing && samePath(existing.savePath, savePath)) return "unchanged";
    if (existing) {
      await this.editCategory(name, savePath);
      return "updated";
    }
    try {
      await this.createCategory(name, savePath);
      return "created";
    } catch (error) {
      // Created in the meantime (by the user or another hook): make its path right.
      if (!(error instanceof QbittorrentHttpError && error.status === 409)) throw error;
      if (!(await this.categories())[name]) throw error;
      await this.editCategory(name, savePath);
      return "updated";
    }
  }

  /** Every torrent, with whether it is stopped (paused). */
  async torrents(): Promise<QbittorrentTorrent[]> {
    const list = await this.http.request("GET", "torrents/info", { schema: torrentsSchema });
    return list.map(({ hash, state }) => ({ hash, state, stopped: /^(paused|stopped)/.test(state) }));
  }

  /**
   * Stops (pauses) these torrents: `torrents/stop` from WebAPI 2.11 (qBittorrent 5.0), which
   * renamed pause to stop, `torrents/pause` before. Unknown hashes are ignored by the app.
   */
  async stopTorrents(hashes: readonly string[]): Promise<void> {
    if (hashes.length === 0) return;
    const path = (await this.#renamedPause()) ? "torrents/stop" : "torrents/pause";
    await this.http.request("POST", path, { form: { hashes: hashes.join("|") } });
  }

  /** Starts (resumes) these torrents: `torrents/start` from WebAPI 2.11, `torrents/resume` before. */
  async startTorrents(hashes: readonly string[]): Promise<void> {
    if (hashes.length === 0) return;
    const path = (await this.#renamedPause()) ? "torrents/start" : "torrents/resume";
    await this.http.request("POST", path, { form: { hashes: hashes.join("|") } });
  }

  async #renamedPause(): Promise<boolean> {
    const [major, minor] = parseWebApiVersion(await this.webApiVersion());
    return major > 2 || (major === 2 && minor >= 11);
  }

  /** The proxy the app uses, in one shape whatever its WebAPI version. */
  async proxy(): Promise<QbittorrentProxy> {
    const [prefs, version] = await Promise.all([this.preferences(), this.webApiVersion()]);
    return proxyFromPreferences(prefs, version);
  }

  /** Sets the proxy in the format of the app's own WebAPI version. */
  async setProxy(proxy: QbittorrentProxy): Promise<void> {
    await this.setPreferences(proxyPreferences(proxy, await this.webApiVersion()));
  }
}
