import type { AppDatabase } from "./app-database";
import { testDownloadClient, validateDownloadClient } from "./download-client-checks";
import { downloadClientTemplates, type ManagerKind, protocolOf } from "./download-client-kinds";
import { providerRoutes } from "./provider-routes";
import type { Router } from "./routes";
import { failure, type ValidationFailure } from "./validation";

// `/api/v3/downloadclient` of Radarr and Sonarr (specs/app-apis.md §d).

export interface DownloadClientExtra {
  enable: boolean;
  priority: number;
  removeCompletedDownloads: boolean;
  removeFailedDownloads: boolean;
}

export function downloadClientRoutes(router: Router, manager: ManagerKind, db?: AppDatabase) {
  return providerRoutes<DownloadClientExtra>(
    router,
    {
      resource: "downloadclient",
      templates: downloadClientTemplates(manager),
      readExtra(body) {
        const failures: ValidationFailure[] = [];
        // Missing booleans are false, as when ASP.NET binds the resource.
        const priority = typeof body.priority === "number" ? body.priority : 0;
        if (!Number.isInteger(priority) || priority < 1 || priority > 50) {
          failures.push(failure("Priority", `'Priority' must be between 1 and 50. You entered ${priority}.`));
        }
        return {
          extra: {
            enable: body.enable === true,
            priority,
            removeCompletedDownloads: body.removeCompletedDownloads === true,
            removeFailedDownloads: body.removeFailedDownloads === true,
          },
          failures,
        };
      },
      defaultExtra: {
        enable: true,
        priority: 1,
        removeCompletedDownloads: true,
        removeFailedDownloads: true,
      },
      renderExtra: (extra, template) => ({
        enable: extra.enable,
        protocol: protocolOf(template),
        priority: extra.priority,
        removeCompletedDownloads: extra.removeCompletedDownloads,
        removeFailedDownloads: extra.removeFailedDownloads,
      }),
      enabled: (extra) => extra.enable,
      validate: (template, settings) => validateDownloadClient(manager, template, settings),
      test: (template, settings) => testDownloadClient(manager, template, settings),
      retestUnchanged: false,
      idFromBody: false,
    },
    db?.table("DownloadClients"),
  );
}
