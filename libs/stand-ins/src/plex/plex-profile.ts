// What the stand-in reports itself as: the PMS build the LinuxServer image pinned in charms/plex
// ships (lscr.io/linuxserver/plex:1.43.1.10611-1e34174b1-ls301).

export const PLEX_IMAGE = "lscr.io/linuxserver/plex";
export const PLEX_VERSION = "1.43.1.10611-1e34174b1";
export const PLEX_PORT = 32400;
/** The binary the image's service runs; the engine's launcher sits at this path. */
export const PLEX_BINARY = "/usr/lib/plexmediaserver/Plex Media Server";
