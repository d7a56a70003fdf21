/**
 * `command` run with umask 077, as the Pebble service's command: the apps write their
 * credential files themselves (config.xml and the database, qBittorrent.conf, sabnzbd.ini),
 * often by writing a new file and renaming it over the old, so the file takes the process's
 * umask, not the mode the charm gave it. Everything the app creates is then private to the
 * app's user; the media tree's sharing with the other apps is the storage's concern.
 */
export function privateCommand(command: string): string {
  if (command.includes("'")) throw new Error("a private command cannot hold a single quote");
  return `/bin/sh -c 'umask 077 && exec ${command}'`;
}
