// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** The app's time zone (IANA name). */
  timezone: string;
  /** What the app serves at /page.txt; a change restarts the app. */
  page: string;
}

/** Each action's params as charmcraft.yaml declares them. */
export type ActionParams = Record<never, never>;

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
