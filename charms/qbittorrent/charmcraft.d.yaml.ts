// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** How often the charm rotates the WebUI password: never, hourly, daily, weekly, monthly, quarterly or yearly. */
  "rotation-interval": string;
  /** qBittorrent's time zone, an IANA name such as Europe/Paris (TZ of the app). */
  timezone: string;
  /** Where downloads are saved on the shared media volume: the default save path, and each manager's category saves under <download-dir>/<movies|tv|music|books|xxx>. */
  "download-dir": string;
  /** The port qBittorrent listens on for BitTorrent peers (TCP and UDP), 1024 to 65535, not 8080 (the WebUI). */
  "torrent-port": number;
  /** Find peers through DHT, Local Peer Discovery and Peer Exchange. */
  "peer-discovery": boolean;
  /** Download only through a VPN gateway. */
  "kill-switch": boolean;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Rotate the WebUI password now (run it on the leader). */
  "rotate-credentials": Record<never, never>;
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
