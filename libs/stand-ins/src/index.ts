// Stand-in servers for the apps that cannot run here; test infrastructure, never imported by charms.
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
export { GLUETUN_IMAGE, registerGluetunStandIn, registerServarrStandIns, registerStandIns } from "./register";
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
