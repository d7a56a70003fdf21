import { dirname } from "node:path";
import { type ImageCatalog, imageCatalog } from "@charmarr/engine";
import { plexBundle, servarrBundle } from "../bin/build-bundle.mjs";
import { PLEX_IMAGE } from "./plex/plex-profile";
import { SERVARR_KINDS, SERVARR_PROFILES } from "./servarr/servarr-kind";

// The engine puts a launcher at each LinuxServer image's binary path (/app/radarr/bin/Radarr …)
// that execs a registered host command with the container's arguments appended. Ours is Node
// running the bundled stand-in with the app's kind first; the bundle's directory (and Node's, when
// it is not under the system paths every container sees) are bound into the container.

/** Registers the Radarr, Sonarr and Prowlarr stand-ins; returns a function that takes them back. */
export function registerServarrStandIns(
  catalog: Pick<ImageCatalog, "registerStandIn"> = imageCatalog,
): () => void {
  const bundle = servarrBundle();
  const binds = [dirname(bundle), dirname(process.execPath)];
  const unregister = SERVARR_KINDS.map((kind) =>
    catalog.registerStandIn(SERVARR_PROFILES[kind].image, {
      command: [process.execPath, bundle, kind],
      binds,
    }),
  );
  return () => {
    for (const undo of unregister) undo();
  };
}

/** Registers the Plex Media Server stand-in for the LinuxServer Plex image; returns its undo. */
export function registerPlexStandIn(
  catalog: Pick<ImageCatalog, "registerStandIn"> = imageCatalog,
): () => void {
  const bundle = plexBundle();
  return catalog.registerStandIn(PLEX_IMAGE, {
    command: [process.execPath, bundle],
    binds: [dirname(bundle), dirname(process.execPath)],
  });
}
