import { release } from "node:os";
import type { AppConfig } from "./app-config";
import type { ServarrProfile } from "./servarr-kind";
import { normaliseUrlBase } from "./url-base";

// `GET /system/status` (specs/app-apis.md §f), as a LinuxServer container reports it.

export interface RuntimeFacts {
  dataDir: string;
  startTime: Date;
}

export function systemStatus(profile: ServarrProfile, config: AppConfig, runtime: RuntimeFacts) {
  const instanceName = config.get("InstanceName");
  return {
    appName: profile.appName,
    instanceName: profile.instanceNameValid(instanceName) ? instanceName : profile.appName,
    version: profile.version,
    buildTime: "2025-11-01T00:00:00Z",
    isDebug: false,
    isProduction: true,
    isAdmin: false,
    isUserInteractive: false,
    startupPath: profile.binary.slice(0, profile.binary.lastIndexOf("/")),
    appData: runtime.dataDir,
    osName: "alpine",
    osVersion: release(),
    isNetCore: true,
    isLinux: true,
    isOsx: false,
    isWindows: false,
    isDocker: true,
    mode: "console",
    branch: config.get("Branch"),
    databaseType: "sqLite",
    databaseVersion: "3.48.0",
    authentication: config.get("AuthenticationMethod").toLowerCase(),
    migrationVersion: 1,
    urlBase: normaliseUrlBase(config.get("UrlBase")),
    runtimeVersion: "8.0.21",
    runtimeName: "netcore",
    startTime: runtime.startTime.toISOString(),
    packageVersion: `${profile.version}-ls`,
    packageAuthor: "[linuxserver.io](https://linuxserver.io)",
    packageUpdateMechanism: "docker",
    ...(profile.kind === "sonarr" ? { isContainerized: true, sqliteVersion: "3.48.0" } : {}),
  };
}
