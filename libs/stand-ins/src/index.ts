// Stand-in servers for the apps that cannot run here; test infrastructure, never imported by charms.
export { registerServarrStandIns } from "./register";
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
