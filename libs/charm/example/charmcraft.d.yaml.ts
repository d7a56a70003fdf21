// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** The word to greet with. */
  greeting: string;
  /** How to greet; one of plain, loud. */
  style: string;
  /** How many times to say it (1-5). */
  repeat: number;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Greet someone by name. */
  greet: {
    /** Who to greet. */
    name: string;
  };
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
