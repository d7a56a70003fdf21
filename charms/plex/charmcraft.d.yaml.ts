// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** Plex's time zone, an IANA name such as Europe/Paris (TZ of the app). */
  timezone: string;
  /** The ID of a user secret holding a plex.tv claim token under the key claim-token. */
  "claim-token"?: string;
  /** true: the host's /dev/dri (Intel Quick Sync, AMD VA-API) is mounted into the plex container through a patch of this application's StatefulSet, for hardware transcoding (Plex Pass). */
  "hardware-transcoding": boolean;
  /** false (the default): a library the charm made (or adopted) stays when its Radarr or Sonarr relation goes or the root folder is dropped, with its watch history. */
  "remove-orphaned-libraries": boolean;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Claim the server again with the token now in the claim-token secret (for moving it to another plex.tv account): juju update-secret <id> claim-token=claim-... */
  reclaim: Record<never, never>;
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
