import { DEFAULT_PATH } from "../pebble-server/process-launch";
import type { ImageEntry, ImageLauncher } from "./image-catalog";

// The images of the Charmarr charms (specs/charmarr-reference.md §1). LinuxServer images run
// under Pebble without s6, so the charm's command is the app binary itself: that path must exist.

/**
 * What every LinuxServer base image has: user abc (911:911, home /config), the `users` group moved
 * to gid 1000 (the PUID/PGID the charms use), and the app/config/defaults/venv directories.
 */
function linuxServerImage(app: string, entry: Omit<ImageEntry, "repository" | "aliases">): ImageEntry {
  return {
    repository: `lscr.io/linuxserver/${app}`,
    aliases: [`ghcr.io/linuxserver/${app}`, `docker.io/linuxserver/${app}`],
    environment: { HOME: "/root", PATH: `/lsiopy/bin:${DEFAULT_PATH}` },
    users: [{ name: "abc", uid: 911, gid: 911, home: "/config", shell: "/bin/false" }],
    groups: [
      { name: "abc", gid: 911 },
      { name: "users", gid: 1000, members: ["abc"] },
    ],
    directories: ["/app", "/config", "/defaults", "/lsiopy"],
    ...entry,
  };
}

const standIn = (path: string): ImageLauncher => ({ path, target: "stand-in" });

export const BUILTIN_IMAGES: readonly ImageEntry[] = [
  linuxServerImage("qbittorrent", {
    summary: "qBittorrent: Debian's qbittorrent-nox at the image's own path, /usr/bin/qbittorrent-nox",
    packages: [{ name: "qbittorrent-nox", file: "/usr/bin/qbittorrent-nox" }],
  }),
  linuxServerImage("sabnzbd", {
    summary: "SABnzbd: the image's `/lsiopy/bin/python3 /app/sabnzbd/SABnzbd.py` runs Debian's sabnzbdplus",
    packages: [
      {
        name: "sabnzbdplus",
        file: "/usr/bin/sabnzbdplus",
        components: ["contrib", "non-free"],
        note: "it is in contrib and depends on unrar from non-free",
      },
    ],
    symlinks: [
      { path: "/lsiopy/bin/python3", target: "/usr/bin/python3" },
      { path: "/lsiopy/bin/python", target: "/usr/bin/python3" },
    ],
    launchers: [
      { path: "/app/sabnzbd/SABnzbd.py", language: "python", target: { command: ["/usr/bin/sabnzbdplus"] } },
    ],
  }),
  linuxServerImage("prowlarr", {
    summary: "Prowlarr (stand-in server)",
    launchers: [standIn("/app/prowlarr/bin/Prowlarr")],
  }),
  linuxServerImage("radarr", {
    summary: "Radarr (stand-in server)",
    launchers: [standIn("/app/radarr/bin/Radarr")],
  }),
  linuxServerImage("sonarr", {
    summary: "Sonarr (stand-in server)",
    launchers: [standIn("/app/sonarr/bin/Sonarr")],
  }),
  linuxServerImage("plex", {
    summary: "Plex Media Server (stand-in server), under /usr/lib like the real package",
    launchers: [standIn("/usr/lib/plexmediaserver/Plex Media Server")],
  }),
  {
    repository: "ghcr.io/qdm12/gluetun",
    aliases: ["docker.io/qmcgaw/gluetun"],
    summary: "Gluetun VPN client (stand-in control server and HTTP proxy), run as root",
    launchers: [standIn("/gluetun-entrypoint")],
  },
  {
    // Containers that give `bases:` instead of a resource run Juju's Ubuntu base image.
    repository: "ghcr.io/juju/charm-base",
    aliases: ["docker.io/jujusolutions/charm-base"],
    summary: "Juju's charm base image: the host's Debian userland and nothing else",
  },
];

/** The image of a container that names no resource. */
export const CHARM_BASE_IMAGE = "ghcr.io/juju/charm-base:ubuntu-24.04";
