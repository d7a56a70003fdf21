import type { ApplicationInput, SyncLevel } from "./resources";
import type { MediaManagerApp } from "./servarr-app";

// Prowlarr application resources for Radarr and Sonarr (specs/app-apis.md §e): Prowlarr calls the
// manager at `baseUrl` with `apiKey`, and tells it to reach Prowlarr back at `prowlarrUrl`.

/** Prowlarr's own defaults: the Newznab categories each manager searches. */
export const DEFAULT_SYNC_CATEGORIES: Readonly<Record<MediaManagerApp, readonly number[]>> = {
  radarr: [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080, 2090],
  sonarr: [5000, 5010, 5020, 5030, 5040, 5045, 5050, 5090],
};

const IMPLEMENTATION: Readonly<Record<MediaManagerApp, string>> = { radarr: "Radarr", sonarr: "Sonarr" };

export interface ProwlarrApplicationSpec {
  /** The application's name in Prowlarr (the manager's Juju app name, say). */
  name: string;
  /** How the manager reaches Prowlarr. */
  prowlarrUrl: string;
  /** How Prowlarr reaches the manager, URL base included. */
  baseUrl: string;
  /** The manager's API key. */
  apiKey: string;
  syncLevel?: SyncLevel;
  syncCategories?: readonly number[];
}

export function prowlarrApplication(
  manager: MediaManagerApp,
  spec: ProwlarrApplicationSpec,
): ApplicationInput {
  return {
    name: spec.name,
    implementation: IMPLEMENTATION[manager],
    configContract: `${IMPLEMENTATION[manager]}Settings`,
    syncLevel: spec.syncLevel ?? "fullSync",
    tags: [],
    fields: [
      { name: "prowlarrUrl", value: spec.prowlarrUrl },
      { name: "baseUrl", value: spec.baseUrl },
      { name: "apiKey", value: spec.apiKey },
      { name: "syncCategories", value: [...(spec.syncCategories ?? DEFAULT_SYNC_CATEGORIES[manager])] },
    ],
  };
}
