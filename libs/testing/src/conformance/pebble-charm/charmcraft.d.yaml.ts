// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** Make pebble-ready fail (for the agent-restart test). */
  "fail-pebble-ready": boolean;
}

/** Each action's params as charmcraft.yaml declares them. */
export type ActionParams = Record<never, never>;

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
