import type { AppDatabase } from "./app-database";
import { checkApplication } from "./application-checks";
import { APPLICATION_TEMPLATES, validateApplication } from "./application-kinds";
import type { DefinitionStore } from "./provider-definitions";
import { type Definition, providerRoutes } from "./provider-routes";
import type { Router } from "./routes";
import { failure, type ValidationFailure } from "./validation";

// Prowlarr's `/api/v1/applications` (specs/app-apis.md §e) and its sync. A sync checks each enabled
// application with the stored key; an application whose last sync failed is "unavailable due to
// failures", which Prowlarr reports through `/api/v1/health` (ApplicationStatusCheck).

const SYNC_LEVELS = ["disabled", "addOnly", "fullSync"] as const;
type SyncLevel = (typeof SYNC_LEVELS)[number];

interface ApplicationExtra {
  syncLevel: SyncLevel;
}

function readSyncLevel(value: unknown): SyncLevel | undefined {
  if (typeof value === "number") return SYNC_LEVELS[value];
  if (typeof value !== "string") return undefined;
  return SYNC_LEVELS.find((level) => level.toLowerCase() === value.toLowerCase());
}

export interface HealthItem {
  source: string;
  type: "ok" | "notice" | "warning" | "error";
  message: string;
  wikiUrl: string;
}

export class ProwlarrApplications {
  readonly store: DefinitionStore<Definition<ApplicationExtra>>;
  /** The outcome of each application's latest sync: failures, empty when it worked. */
  private readonly lastSync = new Map<number, ValidationFailure[]>();
  private readonly pending = new Set<Promise<void>>();

  constructor(router: Router, db?: AppDatabase) {
    this.store = providerRoutes<ApplicationExtra>(
      router,
      {
        resource: "applications",
        templates: APPLICATION_TEMPLATES,
        readExtra: (body) => {
          const syncLevel = readSyncLevel(body.syncLevel);
          return {
            extra: { syncLevel: syncLevel ?? "disabled" },
            failures: syncLevel
              ? []
              : [failure("SyncLevel", "'Sync Level' has a range of values which does not include it.")],
          };
        },
        defaultExtra: { syncLevel: "fullSync" },
        renderExtra: (extra) => ({ syncLevel: extra.syncLevel, enable: extra.syncLevel !== "disabled" }),
        enabled: (extra) => extra.syncLevel !== "disabled",
        validate: validateApplication,
        test: checkApplication,
        retestUnchanged: true,
        idFromBody: true,
        // Saving an enabled application syncs to it at once, in the background.
        saved: (definition) => {
          if (definition.extra.syncLevel !== "disabled") this.track(this.syncOne(definition));
        },
        deleted: (id) => this.lastSync.delete(id),
      },
      db?.table("Applications"),
    );
  }

  /** ApplicationIndexerSync: every enabled application. */
  async syncAll(): Promise<void> {
    const enabled = this.store.list().filter((d) => d.extra.syncLevel !== "disabled");
    await Promise.all(enabled.map((definition) => this.syncOne(definition)));
  }

  /** What `/health` says about the applications. */
  health(): HealthItem[] {
    const enabled = this.store.list().filter((d) => d.extra.syncLevel !== "disabled");
    const failing = enabled.filter((d) => (this.lastSync.get(d.id)?.length ?? 0) > 0);
    if (failing.length === 0) return [];
    const wikiUrl = "https://wiki.servarr.com/prowlarr/system#applications-are-unavailable-due-to-failures";
    if (failing.length === enabled.length) {
      return [
        {
          source: "ApplicationStatusCheck",
          type: "error",
          message: "All applications are unavailable due to failures",
          wikiUrl,
        },
      ];
    }
    return [
      {
        source: "ApplicationStatusCheck",
        type: "warning",
        message: `Applications unavailable due to failures: ${failing.map((d) => d.name).join(", ")}`,
        wikiUrl,
      },
    ];
  }

  /** Resolves once background syncs have finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async syncOne(definition: Definition<ApplicationExtra>): Promise<void> {
    const failures = await checkApplication(definition.template, definition.settings);
    // Only for the definition still stored: it may have been replaced or deleted meanwhile.
    if (this.store.find(definition.id) === definition) {
      this.lastSync.set(definition.id, failures);
    }
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}
