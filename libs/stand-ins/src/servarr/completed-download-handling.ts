import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { HealthItem } from "./applications";
import { baseUrl } from "./download-client-checks";
import { categoryField, type ManagerKind } from "./download-client-kinds";
import type { DownloadClientExtra } from "./download-clients";
import type { DownloadHistory } from "./download-history";
import { createImportFolder, hardlinkOrCopy, type ImportLog, type LinkFile } from "./import-transfer";
import type { MediaManagementSettings } from "./media-management-config";
import type { Definition } from "./provider-routes";
import {
  DownloadClientUnavailableError,
  type QbittorrentTorrent,
  QbittorrentWebUi,
} from "./qbittorrent-webui";
import { releaseFolder } from "./release-folder";

// Completed download handling of Radarr and Sonarr (RefreshMonitoredDownloads: DownloadMonitoringService,
// CompletedDownloadService), for qBittorrent clients: every enabled one is polled for its
// category's torrents; each completed torrent's files are imported into the (first) root folder,
// hardlinked or copied, never moved (the torrent keeps seeding). The apps do this every minute and
// on the RefreshMonitoredDownloads / Downloaded{Movies,Episodes}Scan commands. Each file is
// imported once (history), also across restarts. A client that cannot be reached or refuses the
// login is a failing client (health check), never a crash.
//
// Unlike the apps, which import only what they grabbed (or what the user matches by hand), the
// stand-in has no library: it imports every completed torrent of the category and names the
// folder from the release name (release-folder.ts).

/** qBittorrent states of a torrent whose data is complete and checked (QBittorrent.cs GetItems). */
const COMPLETED_STATES: ReadonlySet<string> = new Set([
  "uploading",
  "stalledUP",
  "forcedUP",
  "pausedUP",
  "stoppedUP",
]);

export interface CompletedDownloadHandlingOptions {
  kind: ManagerKind;
  /** The download clients as configured now. */
  downloadClients(): readonly Definition<DownloadClientExtra>[];
  /** The root folders as configured now. */
  rootFolders(): readonly { id: number; path: string }[];
  mediaManagement: MediaManagementSettings;
  history: DownloadHistory;
  log: ImportLog;
  /** link(2), replaceable in tests. */
  linkFile?: LinkFile;
}

/** The files of a torrent's content: the file itself, or every file below its folder. */
function contentFiles(path: string): string[] {
  const stats = statSync(path);
  if (!stats.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return contentFiles(child);
      return entry.isFile() ? [child] : [];
    });
}

export class CompletedDownloadHandling {
  private readonly sessions = new Map<number, { key: string; webUi: QbittorrentWebUi }>();
  private readonly failures = new Map<number, string>();
  private tail: Promise<void> = Promise.resolve();
  private running = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CompletedDownloadHandlingOptions) {}

  /** One check of every client; queued behind a check already running. */
  check(): Promise<void> {
    const next = this.tail.then(async () => {
      this.running = true;
      try {
        await this.checkAll();
      } finally {
        this.running = false;
      }
    });
    this.tail = next.catch((error: unknown) =>
      this.options.log("Warn", "DownloadMonitoringService", `Check failed: ${(error as Error).message}`),
    );
    return this.tail;
  }

  /** Checks every `intervalMs` (skipping a tick while one runs); 0 or less: never. */
  startPolling(intervalMs: number): void {
    if (!(intervalMs > 0)) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.check();
    }, intervalMs);
    this.timer.unref();
  }

  /** The download-client health items (DownloadClientCheck). */
  health(): HealthItem[] {
    const names = new Map(this.options.downloadClients().map((c) => [c.id, c.name]));
    return [...this.failures].flatMap(([id, message]) => {
      const name = names.get(id);
      return name === undefined
        ? []
        : [
            {
              source: "DownloadClientCheck",
              type: "error" as const,
              message: `Unable to communicate with ${name}. ${message}`,
              wikiUrl: `https://wiki.servarr.com/${this.options.kind}/system#unable-to-communicate-with-download-client`,
            },
          ];
    });
  }

  /** Resolves when no check is running or queued. */
  settled(): Promise<void> {
    return this.tail;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.tail;
    await Promise.all([...this.sessions.values()].map(({ webUi }) => webUi.close()));
    this.sessions.clear();
  }

  private webUi(client: Definition<DownloadClientExtra>): QbittorrentWebUi {
    const key = JSON.stringify(client.settings);
    const known = this.sessions.get(client.id);
    if (known?.key === key) return known.webUi;
    void known?.webUi.close();
    const str = (value: unknown) => (typeof value === "string" ? value : "");
    const webUi = new QbittorrentWebUi(baseUrl(client.settings), {
      username: str(client.settings.username),
      password: str(client.settings.password),
    });
    this.sessions.set(client.id, { key, webUi });
    return webUi;
  }

  private async checkAll(): Promise<void> {
    const clients = this.options
      .downloadClients()
      .filter((c) => c.extra.enable && c.template.implementation === "QBittorrent");
    // Clients deleted or disabled since: no health item, no session left open.
    for (const id of [...this.failures.keys()]) {
      if (!clients.some((c) => c.id === id)) this.failures.delete(id);
    }
    for (const [id, session] of [...this.sessions]) {
      if (clients.some((c) => c.id === id)) continue;
      this.sessions.delete(id);
      await session.webUi.close();
    }
    for (const client of clients) {
      try {
        await this.checkClient(client);
        this.failures.delete(client.id);
      } catch (error) {
        if (!(error instanceof DownloadClientUnavailableError)) throw error;
        if (this.failures.get(client.id) !== error.message) {
          this.options.log(
            "Warn",
            "DownloadMonitoringService",
            `Unable to retrieve queue and history items from ${client.name}: ${error.message}`,
          );
        }
        this.failures.set(client.id, error.message);
      }
    }
  }

  private async checkClient(client: Definition<DownloadClientExtra>): Promise<void> {
    const { kind } = this.options;
    const field = categoryField(kind);
    const category = typeof client.settings[field] === "string" ? (client.settings[field] as string) : "";
    const importedField = field.replace("Category", "ImportedCategory");
    const importedCategory = client.settings[importedField];
    const webUi = this.webUi(client);
    const torrents = await webUi.torrents(category);
    for (const torrent of torrents) {
      if (torrent.progress < 1 || !COMPLETED_STATES.has(torrent.state)) continue;
      const done = this.importTorrent(client, torrent);
      if (
        done &&
        typeof importedCategory === "string" &&
        importedCategory !== "" &&
        torrent.category !== importedCategory
      ) {
        await webUi.setCategory(torrent.hash, importedCategory);
      }
    }
  }

  /** Imports what is not imported yet; true when every file of the torrent is in the library. */
  private importTorrent(client: Definition<DownloadClientExtra>, torrent: QbittorrentTorrent): boolean {
    const { kind, log, history } = this.options;
    const appName = kind === "radarr" ? "Radarr" : "Sonarr";
    const content = torrent.content_path || join(torrent.save_path, torrent.name);
    let files: string[];
    try {
      files = contentFiles(content);
    } catch {
      log(
        "Warn",
        "CompletedDownloadService",
        `Import failed, path does not exist or is not accessible by ${appName}: ${content}. Ensure the path exists and the user running ${appName} has the correct permissions to access this file/folder`,
      );
      return false;
    }
    const pending = files.filter((file) => !history.imported(torrent.hash, file));
    if (pending.length === 0) return true;
    const root = [...this.options.rootFolders()].sort((a, b) => a.id - b.id)[0];
    if (!root) {
      log(
        "Warn",
        "CompletedDownloadService",
        `Unable to import ${torrent.name}: no root folder is configured`,
      );
      return false;
    }
    const settings = this.options.mediaManagement.current;
    const folder = join(root.path, releaseFolder(kind, torrent.name));
    log(
      "Info",
      "CompletedDownloadService",
      `Importing completed download ${torrent.name} from ${client.name}`,
    );
    const mover = kind === "radarr" ? "MovieFileMovingService" : "EpisodeFileMovingService";
    const noun = kind === "radarr" ? "movie" : "episode";
    for (const file of pending) {
      const target = join(folder, basename(file));
      try {
        createImportFolder(root.path, folder, settings, log);
        const mode = hardlinkOrCopy(file, target, settings, log, this.options.linkFile);
        const verb = mode === "hardlink" ? "Hardlinking" : "Copying";
        log("Info", mover, `${verb} ${noun} file: ${file} to ${target}`);
        history.add({
          sourceTitle: torrent.name,
          downloadId: torrent.hash,
          droppedPath: file,
          importedPath: target,
          downloadClientName: client.name,
          size: statSync(target).size,
        });
      } catch (error) {
        log("Warn", "CompletedDownloadService", `Import of ${file} failed: ${(error as Error).message}`);
        return false;
      }
    }
    return true;
  }
}
