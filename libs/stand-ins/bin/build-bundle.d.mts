/** Where the bundled Radarr/Sonarr/Prowlarr stand-in server is written. */
export const SERVARR_BUNDLE: string;
/** The path of a bundle built from the current sources (building it first if needed). */
export function servarrBundle(): string;
/** Where the bundled Plex Media Server stand-in is written. */
export const PLEX_BUNDLE: string;
/** The path of the Plex bundle built from the current sources (building it first if needed). */
export function plexBundle(): string;
