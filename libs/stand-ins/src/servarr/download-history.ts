import type { AppDatabase } from "./app-database";
import type { ManagerKind } from "./download-client-kinds";
import type { Router } from "./routes";

// `/api/v3/history` of Radarr and Sonarr, for the one event the stand-in records: a file imported
// from a download (eventType `downloadFolderImported`, enum value 3 in both apps). Paged as the
// apps page it (page, pageSize, sortKey, sortDirection, totalRecords, records), filtered by
// `eventType` and `downloadId`; newest first by default. Kept in the app database, so an import is
// never repeated after a restart either.

export interface ImportRecord {
  id: number;
  /** The torrent's name, as the release's title. */
  sourceTitle: string;
  date: string;
  /** The torrent hash in upper case, as the apps store it. */
  downloadId: string;
  droppedPath: string;
  importedPath: string;
  downloadClientName: string;
  size: number;
}

/** `downloadFolderImported` in both apps' history event enums. */
const DOWNLOAD_FOLDER_IMPORTED = 3;

const UNKNOWN_QUALITY = {
  quality: { id: 0, name: "Unknown", source: "unknown", resolution: 0 },
  revision: { version: 1, real: 0, isRepack: false },
};

export class DownloadHistory {
  private items: ImportRecord[];
  private nextId: number;

  constructor(
    private readonly kind: ManagerKind,
    private readonly table?: ReturnType<AppDatabase["table"]>,
  ) {
    const saved = table?.load() as { items: ImportRecord[]; nextId: number } | undefined;
    this.items = saved?.items ?? [];
    this.nextId = saved?.nextId ?? 1;
  }

  /** Whether this file of this download was imported already. */
  imported(downloadId: string, droppedPath: string): boolean {
    const id = downloadId.toUpperCase();
    return this.items.some((item) => item.downloadId === id && item.droppedPath === droppedPath);
  }

  add(record: Omit<ImportRecord, "id" | "date" | "downloadId"> & { downloadId: string }): ImportRecord {
    const item = {
      ...record,
      id: this.nextId++,
      date: new Date().toISOString(),
      downloadId: record.downloadId.toUpperCase(),
    };
    this.items.push(item);
    this.table?.save({ items: this.items, nextId: this.nextId });
    return item;
  }

  list(): readonly ImportRecord[] {
    return this.items;
  }

  render(item: ImportRecord): Record<string, unknown> {
    return {
      id: item.id,
      ...(this.kind === "radarr" ? { movieId: 0 } : { episodeId: 0, seriesId: 0 }),
      sourceTitle: item.sourceTitle,
      languages: [],
      quality: UNKNOWN_QUALITY,
      customFormats: [],
      customFormatScore: 0,
      qualityCutoffNotMet: false,
      date: item.date,
      downloadId: item.downloadId,
      eventType: "downloadFolderImported",
      // The apps keep `data` as strings.
      data: {
        droppedPath: item.droppedPath,
        importedPath: item.importedPath,
        downloadClient: "QBittorrent",
        downloadClientName: item.downloadClientName,
        size: String(item.size),
      },
    };
  }
}

export function downloadHistoryRoutes(router: Router, kind: ManagerKind, db?: AppDatabase): DownloadHistory {
  const history = new DownloadHistory(kind, db?.table("History"));
  router.on("GET", "history", (request) => {
    const query = request.query;
    const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
    const pageSize = Math.max(1, Number(query.get("pageSize") ?? 10) || 10);
    const sortKey = query.get("sortKey") ?? "date";
    const sortDirection = query.get("sortDirection") === "ascending" ? "ascending" : "descending";
    const eventTypes = query.getAll("eventType").map(Number);
    const downloadId = query.get("downloadId")?.toUpperCase();
    // Every record is an import: asking for other event types finds none.
    const wanted = eventTypes.length === 0 || eventTypes.includes(DOWNLOAD_FOLDER_IMPORTED);
    const matching = (wanted ? [...history.list()] : [])
      .filter((item) => downloadId === undefined || item.downloadId === downloadId)
      .sort((a, b) => (sortDirection === "ascending" ? a.id - b.id : b.id - a.id));
    return {
      status: 200,
      body: {
        page,
        pageSize,
        sortKey,
        sortDirection,
        totalRecords: matching.length,
        records: matching.slice((page - 1) * pageSize, page * pageSize).map((item) => history.render(item)),
      },
    };
  });
  return history;
}
