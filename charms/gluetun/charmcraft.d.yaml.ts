// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** Your VPN provider, as Gluetun names it (VPN_SERVICE_PROVIDER), e.g. */
  "vpn-provider"?: string;
  /** wireguard or openvpn. */
  "vpn-type": string;
  /** The ID of a Juju user secret with your VPN credentials (secret:<id>), granted to this application. */
  "vpn-credentials"?: string;
  /** vpn-type=wireguard: the tunnel interface's addresses your provider gave you, CSV of CIDRs such as 10.64.222.21/32 (WIREGUARD_ADDRESSES; required by most providers). */
  "wireguard-addresses": string;
  /** Comma-separated countries to pick servers from (SERVER_COUNTRIES), e.g. */
  "server-countries": string;
  /** Comma-separated cities to pick servers from (SERVER_CITIES), e.g. */
  "server-cities": string;
  /** Comma-separated CIDRs of the cluster (pod and service networks), e.g. */
  "cluster-subnets": string;
  /** How often the charm rotates the proxy credentials: never, hourly, daily, weekly, monthly, quarterly or yearly. */
  "rotation-interval": string;
  /** Gluetun's time zone for its logs, an IANA name such as Europe/Paris (TZ). */
  timezone: string;
}

/** Each action's params as charmcraft.yaml declares them. */
export interface ActionParams {
  /** Rotate the proxy credentials (and the charm's own control-server API key) now; run it on the leader. */
  "rotate-credentials": Record<never, never>;
}

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
