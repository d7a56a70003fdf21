/** Where the bundled Radarr/Sonarr/Prowlarr stand-in server is written. */
export const SERVARR_BUNDLE: string;
/** The path of a bundle built from the current sources (building it first if needed). */
export function servarrBundle(): string;
