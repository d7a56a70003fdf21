// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** How often to rotate the token. */
  "rotation-interval": string;
  /** Where the credential app listens. */
  "app-url"?: string;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Rotate the token now. */
  "rotate-credentials": Record<never, never>;
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
