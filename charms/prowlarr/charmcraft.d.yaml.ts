// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** How often the charm rotates Prowlarr's API key: never, hourly, daily, weekly, monthly, quarterly or yearly. */
  "rotation-interval": string;
  /** Prowlarr's time zone, an IANA name such as Europe/Paris (TZ of the app). */
  timezone: string;
  /** The path Prowlarr serves under, e.g. */
  "url-base": string;
  /** true: Prowlarr asks for no login (AuthenticationMethod External); only behind a proxy that authenticates users. */
  "external-auth": boolean;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Rotate Prowlarr's API key now (run it on the leader). */
  "rotate-credentials": Record<never, never>;
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
