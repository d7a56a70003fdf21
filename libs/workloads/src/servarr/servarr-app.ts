// The three Servarr apps share one code base; what differs for a client is the name, the API
// version and the default port (specs/app-apis.md §a, §b).

export type ServarrApp = "radarr" | "sonarr" | "prowlarr";

/** Radarr and Sonarr: the apps that manage media and take download clients and root folders. */
export type MediaManagerApp = Exclude<ServarrApp, "prowlarr">;

export interface ServarrAppInfo {
  /** As the app names itself (`appName` in system/status). */
  readonly name: string;
  /** The API root below the URL base. */
  readonly apiPath: "/api/v3" | "/api/v1";
  readonly defaultPort: number;
}

export const SERVARR_APPS: Readonly<Record<ServarrApp, ServarrAppInfo>> = {
  radarr: { name: "Radarr", apiPath: "/api/v3", defaultPort: 7878 },
  sonarr: { name: "Sonarr", apiPath: "/api/v3", defaultPort: 8989 },
  prowlarr: { name: "Prowlarr", apiPath: "/api/v1", defaultPort: 9696 },
};
