/** Where the bundled Radarr/Sonarr/Prowlarr stand-in server is written. */
export const SERVARR_BUNDLE: string;
/** Where the bundled Gluetun stand-in is written. */
export const GLUETUN_BUNDLE: string;
/** The path of a bundle built from the current sources (building it first if needed). */
export function servarrBundle(): string;
/** The Gluetun stand-in's bundle, built from the current sources if needed. */
export function gluetunBundle(): string;
