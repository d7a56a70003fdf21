export { type AppAddress, appAddress, httpUrl, POD_LOOPBACK } from "./app-address";
export { appLayer } from "./app-layer";
export { AppService, type AppState, appService, type Seed, type SharedMedia } from "./app-service";
export type { AppServiceSpec } from "./app-service-spec";
export { ensureFolderOwner, pushAsFolderOwner } from "./folder-owned-file";
export { answersHttp, waitUntilServing } from "./http-readiness";
export { DOWNLOAD_ROOTS, isUnder, LIBRARY_ROOTS } from "./media-paths";
export { privateCommand } from "./private-command";
export { isTimeZone, timezoneOption } from "./timezone-option";
