// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** How often the charm rotates SABnzbd's API key: never, hourly, daily, weekly, monthly, quarterly or yearly. */
  "rotation-interval": string;
  /** SABnzbd's time zone, an IANA name such as Europe/Paris (TZ of the app). */
  timezone: string;
  /** SABnzbd's folder on the shared media volume: unfinished downloads go to <download-dir>/incomplete, finished ones to <download-dir>/complete, each manager's category to <download-dir>/complete/<movies|tv|music|books|xxx>. */
  "download-dir": string;
  /** Comma-separated host names SABnzbd answers to besides IP addresses, localhost and *.local names, e.g. */
  "host-whitelist": string;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Rotate SABnzbd's API key now (run it on the leader). */
  "rotate-credentials": Record<never, never>;
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
