// Stand-in servers for the apps that cannot run here; test infrastructure, never imported by charms.

export {
  type EgressProxy,
  type EgressProxyOptions,
  type EgressRoute,
  startEgressProxy,
} from "./egress/egress-proxy";
export { createTestCertificateAuthority, type TestCertificateAuthority } from "./egress/test-certificates";
export {
  type ControlAuth,
  ControlAuthError,
  controlAuth,
  parseAuthFile,
  parseDefaultRole,
} from "./gluetun/control-auth";
export { type GluetunSettings, GluetunSettingsError, readGluetunSettings } from "./gluetun/gluetun-settings";
export {
  type GluetunStandIn,
  type GluetunStandInOptions,
  startGluetunStandIn,
} from "./gluetun/gluetun-stand-in";
export { PROXY_REALM } from "./gluetun/http-proxy";
export { settingsReader } from "./gluetun/settings-reader";
export { type VpnStatus, VpnTunnel } from "./gluetun/vpn-tunnel";
export { PLEX_IMAGE, PLEX_PORT, PLEX_VERSION } from "./plex/plex-profile";
export { type PlexStandIn, type PlexStandInOptions, startPlexStandIn } from "./plex/plex-server";
export {
  CLAIM_PRODUCT_HEADERS,
  CLAIM_TOKEN_LIFETIME_MS,
  type ClaimRecord,
  type PlexTvStandIn,
  type PlexTvStandInOptions,
  startPlexTvStandIn,
} from "./plex/plex-tv-claim";
export { processedMachineIdentifier } from "./plex/preferences-file";
export {
  GLUETUN_IMAGE,
  registerGluetunStandIn,
  registerPlexStandIn,
  registerServarrStandIns,
  registerStandIns,
} from "./register";
export { InvalidConfigFileError } from "./servarr/config-document";
export {
  isServarrKind,
  SERVARR_KINDS,
  SERVARR_PROFILES,
  type ServarrKind,
  type ServarrProfile,
} from "./servarr/servarr-kind";
export {
  type ServarrStandIn,
  type ServarrStandInOptions,
  startServarrStandIn,
} from "./servarr/servarr-server";
