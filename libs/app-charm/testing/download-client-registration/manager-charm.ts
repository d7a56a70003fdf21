import { declareMetadata, defineCharm } from "@charmarr/charm";
import { type HttpTransport, type MediaManagerApp, MediaManagerClient } from "@charmarr/workloads";
import { parse } from "yaml";
import type { DownloadClientSync } from "../../src/download-client-registration/download-client-outcome";
import { reportDownloadClients } from "../../src/download-client-registration/download-client-outcome";
import { syncDownloadClients } from "../../src/download-client-registration/sync-download-clients";

// A tiny Radarr/Sonarr charm for tests, in-process: its "app" is a stand-in (or a real app)
// at config `url` with key `api-key`, and its reconcile is what the real charms do for
// download-client once their app answers.

export const managerYaml = (name: string) => `
name: ${name}
type: charm
summary: a media manager for tests
description: test charm
config:
  options:
    url:
      type: string
      description: The app's URL.
    api-key:
      type: string
      description: The app's API key.
requires:
  download-client:
    interface: download-client
`;

interface ManagerConfig {
  url?: string;
  "api-key"?: string;
}

/** What each manager unit's last sync returned. */
export const lastSync = new Map<string, DownloadClientSync>();
/** Every sync of every manager unit, in order. */
export const syncHistory: DownloadClientSync[] = [];

export function managerCharm(manager: MediaManagerApp, options: { transport?: HttpTransport } = {}) {
  return defineCharm({
    metadata: declareMetadata<ManagerConfig>(parse(managerYaml(manager))),
    async reconcile(ctx) {
      if (!(await ctx.isLeader())) return;
      const { url, "api-key": apiKey } = ctx.config;
      if (!url || !apiKey) {
        ctx.status.blocked("set url and api-key");
        return;
      }
      const client = new MediaManagerClient({
        app: manager,
        url,
        apiKey,
        retryDelayMs: 1,
        ...(options.transport ? { transport: options.transport } : {}),
      });
      const sync = await syncDownloadClients(ctx, { manager, client });
      lastSync.set(ctx.unit.name, sync);
      syncHistory.push(sync);
      reportDownloadClients(ctx, sync);
      const registered = sync.outcomes.filter((o) => o.state === "registered").length;
      ctx.status.active(`${registered} download clients`);
    },
  });
}
