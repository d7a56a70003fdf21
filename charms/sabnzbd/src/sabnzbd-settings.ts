import { hostname } from "node:os";
import { normaliseDownloadDir, sharedDirMode } from "@charmarr/app-charm";
import { SABNZBD_OFFLINE, SabnzbdIni, type SabnzbdSettings } from "@charmarr/workloads";
import { hostWhitelistNames, SABNZBD_PORT, type SabnzbdConfig } from "./sabnzbd-config";

// What the charm keeps in sabnzbd.ini's [misc]. Everything else (Usenet servers, categories'
// other fields, the web UI login ...) is the operator's and is kept byte for byte.

/** Re-asserted on every full hook: what comes from config, and the storage's umask. */
export function managedSettings(
  config: Pick<SabnzbdConfig, "download-dir" | "host-whitelist">,
  umask: string,
): SabnzbdSettings {
  // SABnzbd runs with umask 077 (sabnzbd.ini holds the API key); finished jobs are shared as the
  // stack's umask says, by SABnzbd itself.
  return { ...configuredSettings(config), permissions: sharedDirMode(umask).toString(8) };
}

/**
 * The managed settings that come from config alone, checked by a steady update-status too
 * (`permissions` follows the storage's umask, relation data, which only a full hook reads).
 */
export function configuredSettings(
  config: Pick<SabnzbdConfig, "download-dir" | "host-whitelist">,
): SabnzbdSettings {
  const dir = normaliseDownloadDir(config["download-dir"]);
  // SABnzbd puts the host name in an empty whitelist at every start; keep it so the list is stable.
  const names = [hostname().toLowerCase(), ...hostWhitelistNames(config["host-whitelist"])];
  const whitelist = [...new Set(names.filter((name) => name !== ""))];
  return {
    // Every IPv4 address of the pod, as in Kubernetes: the charm calls it on the pod's loopback,
    // other apps at the pod IP (docs/charms/sabnzbd.md).
    host: "0.0.0.0",
    port: SABNZBD_PORT,
    hostWhitelist: whitelist,
    // TRaSH's usenet tree: <dir>/incomplete while downloading, <dir>/complete/<category> when done.
    completeDir: `${dir}/complete`,
    downloadDir: `${dir}/incomplete`,
    // No release check (the charm's image resource decides the version), no browser, no
    // SSDP/Bonjour, no self-test lookups, and a port that never silently moves to +5.
    ...SABNZBD_OFFLINE,
  };
}

/** sabnzbd.ini as the charm wants it: `current` (or a new file) with the settings and this key. */
export function wantedIni(current: string | undefined, settings: SabnzbdSettings, apiKey: string): string {
  const base = current === undefined ? SabnzbdIni.create() : SabnzbdIni.parse(current);
  return base.with({ ...settings, apiKey }).toString();
}

/** Whether `current` already is what the charm wants: nothing to write. */
export function holdsSettings(
  current: string | undefined,
  settings: SabnzbdSettings,
  apiKey: string,
): boolean {
  return current !== undefined && wantedIni(current, settings, apiKey) === current;
}

/** The API key in the file, when there is a readable one. */
export function iniApiKey(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return SabnzbdIni.parse(text).settings.apiKey || undefined;
  } catch {
    return undefined; // an unreadable file is reported by the seed
  }
}
