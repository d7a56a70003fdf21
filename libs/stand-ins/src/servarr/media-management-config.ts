import type { AppDatabase } from "./app-database";
import type { ManagerKind } from "./download-client-kinds";
import { invalid } from "./http-exchange";
import type { Router } from "./routes";
import { failure, type ValidationFailure } from "./validation";

// `/api/v3/config/mediamanagement` of Radarr and Sonarr (MediaManagementConfigResource in
// shared/apis/*.openapi.json): one settings resource, id 1, with the apps' defaults. The import
// reads copyUsingHardlinks, setPermissionsLinux, chmodFolder and chownGroup; the rest is kept and
// returned as given. PUT answers 202 with the saved resource; an unknown key is ignored, a wrong
// type keeps the stored value (ASP.NET binding), and chmodFolder is checked as the apps check it.

export interface MediaManagementConfig {
  copyUsingHardlinks: boolean;
  setPermissionsLinux: boolean;
  /** Octal text (`755`, `0775`). */
  chmodFolder: string;
  /** A group name or number; empty: leave the group alone. */
  chownGroup: string;
  [key: string]: unknown;
}

function defaults(kind: ManagerKind): MediaManagementConfig {
  const shared = {
    recycleBin: "",
    recycleBinCleanupDays: 7,
    downloadPropersAndRepacks: "preferAndUpgrade",
    deleteEmptyFolders: false,
    fileDate: "none",
    rescanAfterRefresh: "always",
    setPermissionsLinux: false,
    chmodFolder: "755",
    chownGroup: "",
    skipFreeSpaceCheckWhenImporting: false,
    minimumFreeSpaceWhenImporting: 100,
    copyUsingHardlinks: true,
    useScriptImport: false,
    scriptImportPath: "",
    importExtraFiles: false,
    extraFileExtensions: "srt",
    enableMediaInfo: true,
  };
  return kind === "radarr"
    ? {
        autoUnmonitorPreviouslyDownloadedMovies: false,
        createEmptyMovieFolders: false,
        autoRenameFolders: false,
        pathsDefaultStatic: false,
        ...shared,
      }
    : {
        autoUnmonitorPreviouslyDownloadedEpisodes: false,
        createEmptySeriesFolders: false,
        episodeTitleRequired: "always",
        ...shared,
      };
}

/**
 * The apps' folder-mask check (DiskProvider.IsValidFolderPermissionMask): 3 or 4 octal digits, no
 * setuid/setgid/sticky bits, and the owner keeps read, write and search.
 */
export function validFolderMask(mask: string): boolean {
  if (!/^[0-7]{3,4}$/.test(mask)) return false;
  const mode = Number.parseInt(mask, 8);
  return (mode & 0o7000) === 0 && (mode & 0o700) === 0o700;
}

export class MediaManagementSettings {
  private config: MediaManagementConfig;

  constructor(
    private readonly kind: ManagerKind,
    private readonly table?: ReturnType<AppDatabase["table"]>,
  ) {
    const saved = table?.load() as Partial<MediaManagementConfig> | undefined;
    this.config = { ...defaults(kind), ...saved };
  }

  get current(): Readonly<MediaManagementConfig> {
    return this.config;
  }

  /** Applies a PUT body; throws the 400 validation answer. */
  update(body: Readonly<Record<string, unknown>>): void {
    const next: MediaManagementConfig = { ...this.config };
    const known = defaults(this.kind);
    for (const [key, value] of Object.entries(body)) {
      if (key === "id" || !(key in known)) continue;
      if (value === null || value === undefined) continue;
      if (typeof value !== typeof known[key]) continue;
      next[key] = value;
    }
    const failures: ValidationFailure[] = [];
    if (next.setPermissionsLinux && next.chmodFolder !== "" && !validFolderMask(next.chmodFolder)) {
      failures.push(failure("ChmodFolder", "Must contain a valid Unix permissions octal"));
    }
    if (failures.length > 0) throw invalid(failures);
    this.config = next;
    this.table?.save(next);
  }

  render(): Record<string, unknown> {
    return { id: 1, ...this.config };
  }
}

export function mediaManagementRoutes(router: Router, kind: ManagerKind, db?: AppDatabase) {
  const settings = new MediaManagementSettings(kind, db?.table("MediaManagementConfig"));
  router
    .on("GET", "config/mediamanagement", () => ({ status: 200, body: settings.render() }))
    .on("GET", "config/mediamanagement/{id}", () => ({ status: 200, body: settings.render() }))
    .on("PUT", "config/mediamanagement/{id}", async (request) => {
      settings.update(await request.body());
      return { status: 202, body: settings.render() };
    })
    .on("PUT", "config/mediamanagement", async (request) => {
      settings.update(await request.body());
      return { status: 202, body: settings.render() };
    });
  return settings;
}
