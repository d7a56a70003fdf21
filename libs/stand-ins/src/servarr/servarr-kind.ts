// The three Servarr stand-ins differ in names, ports, versions and a few rules; the versions are
// those of the LinuxServer images the charms deploy (specs/charmarr-reference.md §1.1–1.3).

export type ServarrKind = "radarr" | "sonarr" | "prowlarr";

export const SERVARR_KINDS: readonly ServarrKind[] = ["radarr", "sonarr", "prowlarr"];

export interface ServarrProfile {
  kind: ServarrKind;
  /** As the app names itself. */
  appName: "Radarr" | "Sonarr" | "Prowlarr";
  apiRoot: "/api/v3" | "/api/v1";
  defaultPort: number;
  defaultSslPort: number;
  branch: string;
  version: string;
  /** Prefix of the environment variables that override config.xml (`RADARR__AUTH__APIKEY`). */
  envPrefix: string;
  /** The LinuxServer image and the app binary in it. */
  image: string;
  binary: string;
  /** Whether a custom instance name is honoured (else the app falls back to its own name). */
  instanceNameValid(name: string): boolean;
}

const containsName = (appName: string) => (name: string) => name.includes(appName);

export const SERVARR_PROFILES: Readonly<Record<ServarrKind, ServarrProfile>> = {
  radarr: {
    kind: "radarr",
    appName: "Radarr",
    apiRoot: "/api/v3",
    defaultPort: 7878,
    defaultSslPort: 9898,
    branch: "master",
    version: "6.1.1.10360",
    envPrefix: "RADARR",
    image: "lscr.io/linuxserver/radarr",
    binary: "/app/radarr/bin/Radarr",
    instanceNameValid: containsName("Radarr"),
  },
  sonarr: {
    kind: "sonarr",
    appName: "Sonarr",
    apiRoot: "/api/v3",
    defaultPort: 8989,
    defaultSslPort: 9898,
    branch: "main",
    version: "4.0.17.2952",
    envPrefix: "SONARR",
    image: "lscr.io/linuxserver/sonarr",
    binary: "/app/sonarr/bin/Sonarr",
    instanceNameValid: (name) => name.startsWith("Sonarr") || name.endsWith("Sonarr"),
  },
  prowlarr: {
    kind: "prowlarr",
    appName: "Prowlarr",
    apiRoot: "/api/v1",
    defaultPort: 9696,
    defaultSslPort: 6969,
    branch: "master",
    version: "2.3.5.5327",
    envPrefix: "PROWLARR",
    image: "lscr.io/linuxserver/prowlarr",
    binary: "/app/prowlarr/bin/Prowlarr",
    instanceNameValid: containsName("Prowlarr"),
  },
};

export function isServarrKind(value: string): value is ServarrKind {
  return (SERVARR_KINDS as readonly string[]).includes(value);
}
