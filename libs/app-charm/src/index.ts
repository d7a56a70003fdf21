// What the Charmarr workload charms share: running a LinuxServer app under Pebble, and the
// Servarr (Prowlarr, Radarr, Sonarr) behaviour.
export * from "./workload-service";
