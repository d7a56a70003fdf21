import type { FieldTemplate, ProviderTemplate, Settings } from "./provider-definitions";
import { failure, type ValidationFailure } from "./validation";

// The applications Prowlarr syncs to (specs/app-apis.md §e): Radarr and Sonarr, with their
// fields and the validators that run when the application is enabled.

const RADARR_CATEGORIES = [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080, 2090];
const SONARR_CATEGORIES = [5000, 5010, 5020, 5030, 5040, 5045, 5050, 5090];

const common = (appPort: number): FieldTemplate[] => [
  {
    name: "prowlarrUrl",
    label: "Prowlarr Server",
    type: "textbox",
    kind: "string",
    default: "http://localhost:9696",
    helpText: "Prowlarr server URL as the app sees it, including http(s):// and port if needed",
  },
  {
    name: "baseUrl",
    label: "Server",
    type: "textbox",
    kind: "string",
    default: `http://localhost:${appPort}`,
    helpText: "URL used to connect to the app, including http(s):// and port if needed",
  },
  { name: "apiKey", label: "API Key", type: "textbox", kind: "string", privacy: "apiKey" },
];

const categories = (name: string, label: string, value: number[]): FieldTemplate => ({
  name,
  label,
  type: "select",
  kind: "numbers",
  default: value,
  advanced: true,
});

const rejectBlocklisted: FieldTemplate = {
  name: "syncRejectBlocklistedTorrentHashesWhileGrabbing",
  label: "Reject Blocklisted Torrent Hashes While Grabbing",
  type: "checkbox",
  kind: "boolean",
  default: false,
  advanced: true,
};

export const APPLICATION_TEMPLATES: readonly ProviderTemplate[] = [
  {
    implementation: "Radarr",
    implementationName: "Radarr",
    configContract: "RadarrSettings",
    infoLink: "https://wiki.servarr.com/prowlarr/supported#radarr",
    fields: [
      ...common(7878),
      categories("syncCategories", "Sync Categories", RADARR_CATEGORIES),
      rejectBlocklisted,
    ],
  },
  {
    implementation: "Sonarr",
    implementationName: "Sonarr",
    configContract: "SonarrSettings",
    infoLink: "https://wiki.servarr.com/prowlarr/supported#sonarr",
    fields: [
      ...common(8989),
      categories("syncCategories", "Sync Categories", SONARR_CATEGORIES),
      categories("animeSyncCategories", "Anime Sync Categories", [5070]),
      {
        name: "syncAnimeStandardFormatSearch",
        label: "Sync Anime Standard Format Search",
        type: "checkbox",
        kind: "boolean",
        default: true,
        advanced: true,
      },
      rejectBlocklisted,
    ],
  },
];

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export function validateApplication(template: ProviderTemplate, settings: Settings): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  if (!isHttpUrl(settings.prowlarrUrl)) failures.push(failure("ProwlarrUrl", "Invalid Url"));
  if (!isHttpUrl(settings.baseUrl)) failures.push(failure("BaseUrl", "Invalid Url"));
  if (typeof settings.apiKey !== "string" || settings.apiKey.trim() === "") {
    failures.push(failure("ApiKey", "'API Key' must not be empty."));
  }
  const syncCategories = settings.syncCategories;
  if (
    template.implementation === "Radarr" &&
    (!Array.isArray(syncCategories) || syncCategories.length === 0)
  ) {
    failures.push(failure("SyncCategories", "'Sync Categories' must not be empty."));
  }
  return failures;
}
