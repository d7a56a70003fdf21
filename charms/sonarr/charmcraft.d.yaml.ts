// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** How often the charm rotates Sonarr's API key: never, hourly, daily, weekly, monthly, quarterly or yearly. */
  "rotation-interval": string;
  /** Sonarr's time zone, an IANA name such as Europe/Paris (TZ of the app). */
  timezone: string;
  /** The path Sonarr serves under, e.g. */
  "url-base": string;
  /** true: Sonarr asks for no login (AuthenticationMethod External); only behind a proxy that authenticates users. */
  "external-auth": boolean;
  /** The root folder the charm creates in the container and adds to Sonarr; empty for none. */
  "root-folder": string;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Rotate Sonarr's API key now (run it on the leader). */
  "rotate-credentials": Record<never, never>;
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
